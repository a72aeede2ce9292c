// Happens-before annotations for ThreadSanitizer. libtbb is not instrumented, so TSan cannot
// see the synchronisation a parallel_for or task_group provides (body runs → wait returns):
// a slot written by a worker and read after the loop looks like a race. REVIEW_TSAN_RELEASE
// after the write and REVIEW_TSAN_ACQUIRE before the read state that edge on the slot's
// address. No-ops outside `-fsanitize=thread` builds.
#pragma once

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define REVIEW_TSAN_RELEASE(addr) __tsan_release(addr)
#define REVIEW_TSAN_ACQUIRE(addr) __tsan_acquire(addr)
#else
#define REVIEW_TSAN_RELEASE(addr) ((void)(addr))
#define REVIEW_TSAN_ACQUIRE(addr) ((void)(addr))
#endif
