# review_library(NAME DIR DEPS...): one static library per top-level folder, from every
# .cc in the folder (and its subfolders) except *_test.cc, which go to the test binary.
function(review_library name)
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cc")
  list(FILTER srcs EXCLUDE REGEX "_test\\.cc$")
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${REVIEW_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARGN})
endfunction()
