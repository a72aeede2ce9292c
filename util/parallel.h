// Running independent items side by side on the TBB workers, with the hand-offs stated for
// ThreadSanitizer. libtbb is not instrumented, so TSan sees neither the hand-off of a task
// to a worker nor the one back to the waiting thread, and parallel_for's own splitting code
// shows up as races; a task group whose tasks are made before one release, each acquiring
// before it reads anything, states every edge (util/tsan_annotations.h).
#pragma once

#include <oneapi/tbb/task_group.h>

#include <cstddef>
#include <vector>

#include "util/tsan_annotations.h"

namespace review {

/// Calls body(i) for every i in [0, count) as tasks of one TBB task group and returns when
/// all have returned. The calling thread works on them too. Items run in any order and
/// concurrently: body must be safe for that (typically each i writes only its own slot).
/// If a body throws, the group is cancelled and the exception is rethrown here.
template <typename Body>
void run_parallel(std::size_t count, const Body& body) {
  static int handoff = 0;  // one address per Body type: the edges are stated on it
  tbb::task_group group;
  std::vector<tbb::task_handle> tasks;
  tasks.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    tasks.push_back(group.defer([&body, i] {
      REVIEW_TSAN_ACQUIRE(&handoff);
      body(i);
      REVIEW_TSAN_RELEASE(&handoff);
    }));
  REVIEW_TSAN_RELEASE(&handoff);
  for (tbb::task_handle& task : tasks) group.run(std::move(task));
  group.wait();
  REVIEW_TSAN_ACQUIRE(&handoff);
}

}  // namespace review
