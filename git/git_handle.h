// Move-only RAII owners for libgit2 handles: what a `*_new`/out-parameter returns we own,
// and exactly one GitHandle frees it. Use a handle from one thread at a time.
#pragma once

#include <git2.h>

#include <memory>
#include <string>

namespace review {

template <class T, void (*Free)(T*)>
struct GitDeleter {
  void operator()(T* p) const noexcept {
    if (p) Free(p);
  }
};

template <class T, void (*Free)(T*)>
using GitHandle = std::unique_ptr<T, GitDeleter<T, Free>>;

using RepoHandle = GitHandle<git_repository, git_repository_free>;
using ObjectHandle = GitHandle<git_object, git_object_free>;
using TreeHandle = GitHandle<git_tree, git_tree_free>;
using CommitHandle = GitHandle<git_commit, git_commit_free>;
using IndexHandle = GitHandle<git_index, git_index_free>;
using DiffHandle = GitHandle<git_diff, git_diff_free>;
using PatchHandle = GitHandle<git_patch, git_patch_free>;
using BlobHandle = GitHandle<git_blob, git_blob_free>;

/// The message of the last libgit2 error on this thread (read it at once: it is per thread
/// and overwritten by the next call), or `fallback` if there is none.
inline std::string last_git_error(const char* fallback = "unknown libgit2 error") {
  const git_error* e = git_error_last();
  std::string msg = (e && e->message) ? e->message : fallback;
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == '.')) msg.pop_back();
  return msg;
}

}  // namespace review
