# Tree-sitter grammars, installed from npm (`npm ci --ignore-scripts`, pinned 0.23.x in
# package.json / package-lock.json) and compiled here from src/parser.c and src/scanner.c
# into one static library. Each grammar exports `const TSLanguage *tree_sitter_<name>(void)`.
set(REVIEW_NODE_MODULES "${PROJECT_SOURCE_DIR}/node_modules" CACHE PATH "npm packages (grammars)")
set(_grammar_dirs
  c:tree-sitter-c cpp:tree-sitter-cpp python:tree-sitter-python
  javascript:tree-sitter-javascript typescript:tree-sitter-typescript/typescript
  tsx:tree-sitter-typescript/tsx go:tree-sitter-go rust:tree-sitter-rust java:tree-sitter-java)
set(_grammar_sources)
foreach(entry IN LISTS _grammar_dirs)
  string(REPLACE ":" ";" parts "${entry}")
  list(GET parts 1 dir)
  set(src "${REVIEW_NODE_MODULES}/${dir}/src")
  if(NOT EXISTS "${src}/parser.c")
    message(FATAL_ERROR "Grammar ${dir} missing at ${src}: run scripts/setup (npm ci --ignore-scripts)")
  endif()
  list(APPEND _grammar_sources "${src}/parser.c")
  if(EXISTS "${src}/scanner.c")
    list(APPEND _grammar_sources "${src}/scanner.c")
  endif()
endforeach()
# Each grammar's parser.c is its own translation unit; the per-file include directory keeps
# every grammar's private headers (tree_sitter/parser.h, scanner helpers) apart.
add_library(review_grammars STATIC ${_grammar_sources})
foreach(f IN LISTS _grammar_sources)
  get_filename_component(d "${f}" DIRECTORY)
  set_source_files_properties("${f}" PROPERTIES INCLUDE_DIRECTORIES "${d}" COMPILE_OPTIONS "-w;-O2")
endforeach()
set_target_properties(review_grammars PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
