// DiffSource: every source mode is "resolve two sides, ask libgit2 for a git_diff, convert".
//
//   staged    HEAD tree (or the empty tree when HEAD is unborn) -> index
//   worktree  HEAD tree -> working tree through the index (like `git diff HEAD`)
//   commit    first parent's tree (empty for a root commit) -> commit's tree
//   range     A..B: A -> B;  A...B: merge-base(A, B) -> B
//   base      merge-base(REF, HEAD) -> HEAD (pull-request mode)
//   patch     git_diff_from_buffer on a unified diff; no post-image
//
// Rename/copy detection (git_diff_find_similar) and the indent heuristic make the result
// agree with `git diff -M -C`. The conversion walks each delta's git_patch once, numbering
// lines 1-based exactly as libgit2 reports them, and reads the post-image from the side
// that was compared (index blob, working-tree file, or commit blob) — never the working
// tree for --staged.
#include "git/diff_source.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>

#include "git/git_handle.h"
#include "git/language.h"
#include "util/fs.h"

// libgit2 1.5 as Debian builds it (with mbedTLS) parses the whole system CA bundle
// (/etc/ssl/certs/ca-certificates.crt, ~140 certificates, ~55M instructions, 5-9 ms) inside
// git_libgit2_init, for its HTTPS transport. `review` only ever opens local repositories and
// never lets libgit2 touch the network, so that parse is pure start-up cost on every
// pre-commit run, on the critical path before the diff can be read. This definition in the
// executable takes precedence over libmbedx509's for libgit2's call (ELF symbol
// interposition: the executable comes first in the global lookup scope) and loads nothing,
// so the CA chain stays empty: should libgit2 ever make a TLS connection in this process,
// certificate verification fails closed. A libgit2 built with OpenSSL never calls it.
// Signature: mbedtls/x509_crt.h (mbedTLS 2.28): int (mbedtls_x509_crt *chain, const char *path).
extern "C" int mbedtls_x509_crt_parse_file(void* chain, const char* path) {
  (void)chain;
  (void)path;
  return 0;
}

namespace review {

LibGit2Guard::LibGit2Guard() {
  git_libgit2_init();
  // Read like the git CLI does: no SHA-1 re-verification of every object read (git checks
  // hashes on fsck, not on read), and keep blobs in libgit2's object cache so that rename
  // detection, patch generation and the post-image read share one inflate per blob.
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, static_cast<size_t>(1) << 20);
}
LibGit2Guard::~LibGit2Guard() { git_libgit2_shutdown(); }

namespace {

constexpr int k_rename_limit = 1000;  // git's diff.renameLimit default; libgit2's is 200
constexpr size_t k_copy_source_limit = 200;  // modified files above which copies are not searched

/// Everything one read_diff call works with, owned in one place.
struct DiffContext {
  const DiffRequest& request;
  RepoHandle repo;
  SourceInfo source;
  std::optional<git_oid> attr_commit;  // commit whose .gitattributes apply (commit/range/base)
  bool from_index = false;             // post-image from the index (staged)
  bool from_workdir = false;           // post-image from the working tree (worktree)
};

Error git_failure(const std::string& what) { return Error{ErrorKind::input, what + ": " + last_git_error()}; }

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

std::string shallow_hint(git_repository* repo) {
  return git_repository_is_shallow(repo)
             ? " (this is a shallow clone: fetch more history, e.g. `git fetch --unshallow` or "
               "`fetch-depth: 0` in actions/checkout)"
             : "";
}

/// Resolves a revision to a commit. Unknown refs and shallow-boundary misses are input errors.
Expected<CommitHandle> resolve_commit(git_repository* repo, const std::string& rev) {
  git_object* obj = nullptr;
  if (git_revparse_single(&obj, repo, rev.c_str()) != 0) {
    std::string msg = last_git_error();
    return fail(ErrorKind::input, "unknown revision '" + rev + "': " + msg + shallow_hint(repo));
  }
  ObjectHandle owned(obj);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) != 0)
    return fail(ErrorKind::input, "'" + rev + "' does not name a commit: " + last_git_error());
  return CommitHandle(reinterpret_cast<git_commit*>(peeled));
}

Expected<TreeHandle> commit_tree(git_commit* commit) {
  git_tree* tree = nullptr;
  if (git_commit_tree(&tree, commit) != 0) return std::unexpected(git_failure("cannot read commit tree"));
  return TreeHandle(tree);
}

/// merge-base(a, b), with a shallow-clone hint when history is missing.
Expected<git_oid> merge_base(git_repository* repo, const git_oid& a, const git_oid& b, const std::string& what) {
  git_oid out;
  int rc = git_merge_base(&out, repo, &a, &b);
  if (rc == 0) return out;
  std::string msg = rc == GIT_ENOTFOUND ? "no merge base" : last_git_error();
  return fail(ErrorKind::input, "cannot find the merge base of " + what + ": " + msg + shallow_hint(repo));
}

Expected<RepoHandle> open_repository(const std::string& path) {
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, path.c_str(), 0, nullptr) != 0) {
    std::string msg = last_git_error();
    return fail(ErrorKind::input, "not a git repository: " + path + " (" + msg + ")");
  }
  return RepoHandle(repo);
}

git_diff_options base_diff_options(const DiffRequest& request) {
  git_diff_options opts;
  git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
  opts.flags = GIT_DIFF_INCLUDE_TYPECHANGE | GIT_DIFF_INDENT_HEURISTIC;
  opts.context_lines = static_cast<uint32_t>(request.context_lines);
  opts.max_size = static_cast<git_off_t>(request.max_file_bytes);
  return opts;
}

/// Builds the git_diff for the requested mode and fills ctx.source.
Expected<DiffHandle> build_diff(DiffContext& ctx) {
  const DiffRequest& req = ctx.request;
  git_repository* repo = ctx.repo.get();
  git_diff_options opts = base_diff_options(req);
  git_diff* diff = nullptr;

  auto head_tree = [&]() -> Expected<std::pair<TreeHandle, std::string>> {
    int unborn = git_repository_head_unborn(repo);
    if (unborn == 1) return std::pair<TreeHandle, std::string>{TreeHandle(), "empty"};
    auto head = resolve_commit(repo, "HEAD");
    if (!head) return std::unexpected(head.error());
    auto tree = commit_tree(head->get());
    if (!tree) return std::unexpected(tree.error());
    return std::pair<TreeHandle, std::string>{std::move(*tree), oid_hex(*git_commit_id(head->get()))};
  };

  switch (req.kind) {
    case SourceKind::staged:
    case SourceKind::worktree: {
      if (git_repository_is_bare(repo))
        return fail(ErrorKind::input, std::string("--") + to_string(req.kind) +
                                          " needs a work tree, but this repository is bare");
      auto base = head_tree();
      if (!base) return std::unexpected(base.error());
      git_index* index = nullptr;
      // In a pre-commit hook run by `git commit -a` or `git commit PATHS`, git points
      // GIT_INDEX_FILE at the index it is about to commit (index.lock or a temporary one,
      // relative to the current folder when relative): --staged must review that one.
      const char* index_file = req.kind == SourceKind::staged ? std::getenv("GIT_INDEX_FILE") : nullptr;
      int index_rc = index_file && *index_file
                         ? git_index_open(&index, std::filesystem::absolute(index_file).c_str())
                         : git_repository_index(&index, repo);
      if (index_rc != 0) return std::unexpected(git_failure("cannot read the index"));
      IndexHandle owned_index(index);
      ctx.source.base = base->second;
      if (req.kind == SourceKind::staged) {
        ctx.source.head = "index";
        ctx.from_index = true;
        if (git_diff_tree_to_index(&diff, repo, base->first.get(), index, &opts) != 0)
          return std::unexpected(git_failure("cannot diff HEAD against the index"));
      } else {
        ctx.source.head = "worktree";
        ctx.from_workdir = true;
        if (req.include_untracked)
          opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_SHOW_UNTRACKED_CONTENT;
        if (git_diff_tree_to_workdir_with_index(&diff, repo, base->first.get(), &opts) != 0)
          return std::unexpected(git_failure("cannot diff HEAD against the working tree"));
      }
      break;
    }
    case SourceKind::commit: {
      auto commit = resolve_commit(repo, req.rev.empty() ? "HEAD" : req.rev);
      if (!commit) return std::unexpected(commit.error());
      auto new_tree = commit_tree(commit->get());
      if (!new_tree) return std::unexpected(new_tree.error());
      TreeHandle old_tree;
      ctx.source.base = "empty";
      if (git_commit_parentcount(commit->get()) > 0) {
        git_commit* parent = nullptr;
        if (git_commit_parent(&parent, commit->get(), 0) != 0) {
          std::string msg = last_git_error();
          return fail(ErrorKind::input, "cannot read the parent of " + req.rev + ": " + msg + shallow_hint(repo));
        }
        CommitHandle owned_parent(parent);
        auto t = commit_tree(parent);
        if (!t) return std::unexpected(t.error());
        old_tree = std::move(*t);
        ctx.source.base = oid_hex(*git_commit_id(parent));
      }
      ctx.source.head = oid_hex(*git_commit_id(commit->get()));
      ctx.attr_commit = *git_commit_id(commit->get());
      if (git_diff_tree_to_tree(&diff, repo, old_tree.get(), new_tree->get(), &opts) != 0)
        return std::unexpected(git_failure("cannot diff commit"));
      break;
    }
    case SourceKind::range:
    case SourceKind::base: {
      std::string a, b;
      bool three_dots = false;
      if (req.kind == SourceKind::range) {
        size_t pos = req.rev.find("...");
        if (pos != std::string::npos) {
          three_dots = true;
          a = req.rev.substr(0, pos);
          b = req.rev.substr(pos + 3);
        } else if ((pos = req.rev.find("..")) != std::string::npos) {
          a = req.rev.substr(0, pos);
          b = req.rev.substr(pos + 2);
        } else {
          return fail(ErrorKind::usage, "bad range '" + req.rev + "': expected A..B or A...B");
        }
        if (a.empty()) a = "HEAD";
        if (b.empty()) b = "HEAD";
      } else {
        if (req.rev.empty()) return fail(ErrorKind::usage, "--base needs a REF");
        a = req.rev;
        b = "HEAD";
        three_dots = true;
      }
      auto ca = resolve_commit(repo, a);
      if (!ca) return std::unexpected(ca.error());
      auto cb = resolve_commit(repo, b);
      if (!cb) return std::unexpected(cb.error());
      git_oid base_oid = *git_commit_id(ca->get());
      if (three_dots) {
        auto mb = merge_base(repo, *git_commit_id(ca->get()), *git_commit_id(cb->get()), a + " and " + b);
        if (!mb) return std::unexpected(mb.error());
        base_oid = *mb;
      }
      git_commit* base_commit = nullptr;
      if (git_commit_lookup(&base_commit, repo, &base_oid) != 0)
        return std::unexpected(git_failure("cannot read the merge base"));
      CommitHandle owned_base(base_commit);
      auto old_tree = commit_tree(base_commit);
      if (!old_tree) return std::unexpected(old_tree.error());
      auto new_tree = commit_tree(cb->get());
      if (!new_tree) return std::unexpected(new_tree.error());
      ctx.source.base = oid_hex(base_oid);
      ctx.source.head = oid_hex(*git_commit_id(cb->get()));
      ctx.attr_commit = *git_commit_id(cb->get());
      if (git_diff_tree_to_tree(&diff, repo, old_tree->get(), new_tree->get(), &opts) != 0)
        return std::unexpected(git_failure("cannot diff range"));
      break;
    }
    case SourceKind::patch:
      return fail(ErrorKind::internal, "patch handled separately");
  }
  DiffHandle owned(diff);

  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  // Copies are searched among modified files (like `git diff -C`), which costs
  // added x modified comparisons: like git's rename limit, skip the copy search when there
  // are more than k_copy_source_limit modified files (renames are still found).
  size_t modified = 0;
  for (size_t i = 0, n = git_diff_num_deltas(owned.get()); i < n; ++i)
    modified += git_diff_get_delta(owned.get(), i)->status == GIT_DELTA_MODIFIED;
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
  if (modified <= k_copy_source_limit) find.flags |= GIT_DIFF_FIND_COPIES;
  find.rename_limit = k_rename_limit;
  if (git_diff_find_similar(owned.get(), &find) != 0)
    return std::unexpected(git_failure("rename detection failed"));
  return owned;
}

DeltaStatus status_of(git_delta_t status) {
  switch (status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_UNTRACKED: return DeltaStatus::added;
    case GIT_DELTA_DELETED: return DeltaStatus::deleted;
    case GIT_DELTA_RENAMED: return DeltaStatus::renamed;
    case GIT_DELTA_COPIED: return DeltaStatus::copied;
    case GIT_DELTA_TYPECHANGE: return DeltaStatus::type_change;
    default: return DeltaStatus::modified;
  }
}

PathAttributes read_attributes(DiffContext& ctx, const std::string& path) {
  PathAttributes attrs;
  if (!ctx.repo || (git_repository_is_bare(ctx.repo.get()) && !ctx.attr_commit)) return attrs;
  git_attr_options opts = GIT_ATTR_OPTIONS_INIT;
  if (ctx.attr_commit) {
    opts.flags = GIT_ATTR_CHECK_INCLUDE_COMMIT | GIT_ATTR_CHECK_NO_SYSTEM;
    git_oid_cpy(&opts.attr_commit_id, &*ctx.attr_commit);
  } else if (ctx.from_index) {
    opts.flags = GIT_ATTR_CHECK_INDEX_ONLY | GIT_ATTR_CHECK_NO_SYSTEM;
  } else {
    opts.flags = GIT_ATTR_CHECK_FILE_THEN_INDEX | GIT_ATTR_CHECK_NO_SYSTEM;
  }
  const char* names[] = {"linguist-language", "linguist-generated", "linguist-vendored"};
  const char* values[3] = {nullptr, nullptr, nullptr};
  if (git_attr_get_many_ext(values, ctx.repo.get(), &opts, path.c_str(), 3, names) != 0) {
    git_error_clear();
    return attrs;
  }
  if (git_attr_value(values[0]) == GIT_ATTR_VALUE_STRING) attrs.linguist_language = values[0];
  auto is_true = [](const char* v) {
    git_attr_value_t t = git_attr_value(v);
    return t == GIT_ATTR_VALUE_TRUE || (t == GIT_ATTR_VALUE_STRING && std::string(v) == "true");
  };
  attrs.linguist_generated = is_true(values[1]);
  attrs.linguist_vendored = is_true(values[2]);
  return attrs;
}

/// Reads the post-image of `delta` from the compared side. Returns nullopt if unreadable.
std::optional<std::string> read_post_image(DiffContext& ctx, const git_diff_delta* delta) {
  if (ctx.from_workdir) {
    const char* workdir = git_repository_workdir(ctx.repo.get());
    if (!workdir) return std::nullopt;
    auto bytes = read_file(std::filesystem::path(workdir) / delta->new_file.path);
    if (!bytes) return std::nullopt;
    return std::move(*bytes);
  }
  git_blob* blob = nullptr;
  if (git_blob_lookup(&blob, ctx.repo.get(), &delta->new_file.id) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  BlobHandle owned(blob);
  auto size = static_cast<size_t>(git_blob_rawsize(blob));
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob)), size);
}

std::string line_content(const git_diff_line* line) {
  std::string text(line->content, line->content_len);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

/// Converts one delta (with its patch, if any) into a FileDiff.
Expected<FileDiff> convert_delta(DiffContext& ctx, git_diff* diff, size_t index) {
  const git_diff_delta* delta = git_diff_get_delta(diff, index);
  FileDiff file;
  file.status = status_of(delta->status);
  bool deleted = file.status == DeltaStatus::deleted;
  file.path = deleted ? delta->old_file.path : delta->new_file.path;
  file.old_path = delta->old_file.path ? delta->old_file.path : file.path;

  git_patch* raw_patch = nullptr;
  if (git_patch_from_diff(&raw_patch, diff, index) != 0)
    return std::unexpected(git_failure("cannot read the changes of " + file.path));
  PatchHandle patch(raw_patch);
  // git_patch_from_diff loads the content and settles the binary flag.
  file.binary = (git_patch_get_delta(patch.get())->flags & GIT_DIFF_FLAG_BINARY) != 0;

  if (patch) {
    size_t hunks = git_patch_num_hunks(patch.get());
    for (size_t h = 0; h < hunks; ++h) {
      const git_diff_hunk* gh = nullptr;
      size_t nlines = 0;
      if (git_patch_get_hunk(&gh, &nlines, patch.get(), h) != 0) continue;
      Hunk hunk;
      hunk.old_start = gh->old_start;
      hunk.old_lines = gh->old_lines;
      hunk.new_start = gh->new_start;
      hunk.new_lines = gh->new_lines;
      hunk.header.assign(gh->header, gh->header_len);
      while (!hunk.header.empty() && (hunk.header.back() == '\n' || hunk.header.back() == '\r')) hunk.header.pop_back();
      hunk.lines.reserve(nlines);
      for (size_t l = 0; l < nlines; ++l) {
        const git_diff_line* gl = nullptr;
        if (git_patch_get_line_in_hunk(&gl, patch.get(), h, l) != 0) continue;
        DiffLine line;
        switch (gl->origin) {
          case GIT_DIFF_LINE_CONTEXT: line.origin = LineOrigin::context; break;
          case GIT_DIFF_LINE_ADDITION: line.origin = LineOrigin::addition; break;
          case GIT_DIFF_LINE_DELETION: line.origin = LineOrigin::deletion; break;
          default: continue;  // "\ No newline at end of file" markers
        }
        line.old_lineno = gl->old_lineno > 0 ? gl->old_lineno : 0;
        line.new_lineno = gl->new_lineno > 0 ? gl->new_lineno : 0;
        line.content = line_content(gl);
        if (line.origin == LineOrigin::addition) {
          ++file.added_count;
          file.added_lines.push_back(line.new_lineno);
        } else if (line.origin == LineOrigin::deletion) {
          ++file.removed_count;
        }
        hunk.lines.push_back(std::move(line));
      }
      file.hunks.push_back(std::move(hunk));
    }
  }
  std::sort(file.added_lines.begin(), file.added_lines.end());

  const git_diff_file& side = deleted ? delta->old_file : delta->new_file;
  uint16_t mode = side.mode;
  if (deleted) {
    file.skip_reason = "deleted";
  } else if (mode == GIT_FILEMODE_COMMIT) {
    file.skip_reason = "submodule";
  } else if (mode == GIT_FILEMODE_LINK) {
    file.skip_reason = "symlink";
  } else if (side.size > ctx.request.max_file_bytes) {
    file.skip_reason = "too large";
  } else if (file.binary) {
    file.skip_reason = "binary";
  } else if (file.hunks.empty() && delta->old_file.mode != delta->new_file.mode &&
             file.status == DeltaStatus::modified) {
    file.skip_reason = "mode change only";
  }

  bool readable = !file.skip_reason && ctx.repo && ctx.request.kind != SourceKind::patch;
  if (readable) {
    if (auto text = read_post_image(ctx, delta)) {
      if (text->size() > ctx.request.max_file_bytes) {
        file.skip_reason = "too large";
      } else {
        file.post_image = std::move(*text);
        file.has_post_image = true;
      }
    }
  }
  if (!file.skip_reason) {
    std::string_view head = file.has_post_image ? std::string_view(file.post_image).substr(0, 4096) : std::string_view();
    std::string first_lines;
    if (!file.has_post_image) {  // patch mode: the first added/context lines stand in for the head
      for (const auto& hunk : file.hunks) {
        if (hunk.new_start != 1) break;
        for (const auto& line : hunk.lines)
          if (line.origin != LineOrigin::deletion && first_lines.size() < 4096) first_lines += line.content + "\n";
      }
      head = first_lines;
    }
    PathAttributes attrs = ctx.repo ? read_attributes(ctx, file.path) : PathAttributes{};
    file.language = detect_language(file.path, head, attrs);
    if (auto reason = generated_reason(head, attrs)) file.skip_reason = *reason;
  }
  return file;
}

Expected<std::string> read_patch_input(const std::string& name) {
  if (name == "-" ) {
    std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    return data;
  }
  return read_file(name);
}

}  // namespace

std::optional<std::filesystem::path> repository_git_dir(const std::string& repo_path) {
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, repo_path.c_str(), 0, nullptr) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  RepoHandle owned(repo);
  return std::filesystem::path(git_repository_path(repo));
}

Expected<Diff> read_diff(const DiffRequest& request) {
  DiffContext ctx{request, RepoHandle(), SourceInfo{request.kind, "", ""}};
  DiffHandle diff;
  if (request.kind == SourceKind::patch) {
    if (request.rev.empty()) return fail(ErrorKind::usage, "--patch needs a FILE or - for stdin");
    auto text = read_patch_input(request.rev);
    if (!text) return std::unexpected(text.error());
    git_diff* raw = nullptr;
    if (!text->empty()) {
      if (git_diff_from_buffer(&raw, text->data(), text->size()) != 0)
        return fail(ErrorKind::input, "malformed patch " + (request.rev == "-" ? std::string("on stdin") : request.rev) +
                                          ": " + last_git_error());
      diff.reset(raw);
      if (git_diff_num_deltas(raw) == 0 && text->find("@@") == std::string::npos &&
          text->find_first_not_of(" \t\r\n") != std::string::npos)
        return fail(ErrorKind::input, "malformed patch " + request.rev + ": no file changes found");
    }
    ctx.source.base = "patch";
    ctx.source.head = request.rev == "-" ? "stdin" : request.rev;
    // A repository is optional in patch mode; when present it supplies .gitattributes.
    git_repository* repo = nullptr;
    if (git_repository_open_ext(&repo, request.repo_path.c_str(), 0, nullptr) == 0) ctx.repo.reset(repo);
    else git_error_clear();
  } else {
    auto repo = open_repository(request.repo_path);
    if (!repo) return std::unexpected(repo.error());
    ctx.repo = std::move(*repo);
    auto built = build_diff(ctx);
    if (!built) return std::unexpected(built.error());
    diff = std::move(*built);
  }

  Diff out;
  out.source = ctx.source;
  if (diff) {
    size_t n = git_diff_num_deltas(diff.get());
    out.files.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
      if (delta->status == GIT_DELTA_UNMODIFIED || delta->status == GIT_DELTA_IGNORED) continue;
      auto file = convert_delta(ctx, diff.get(), i);
      if (!file) return std::unexpected(file.error());
      out.files.push_back(std::move(*file));
    }
  }
  std::stable_sort(out.files.begin(), out.files.end(),
                   [](const FileDiff& a, const FileDiff& b) { return a.path < b.path; });
  return out;
}

}  // namespace review
