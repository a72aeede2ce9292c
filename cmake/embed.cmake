# review_embed(TARGET NAME FILES...): embeds data files (rule packs, prompt templates) into
# the binary so it works from any directory (e.g. inside a hook). Generates a .cc defining
#   std::span<const review::EmbeddedFile> review::embedded_<NAME>()
# (declared in util/embedded.h) with each file's path relative to the source dir and its bytes.
function(review_embed target name)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded_${name}.cc")
  set(files ${ARGN})
  # A list's ";" would split the command line: pass the files "|"-separated.
  string(REPLACE ";" "|" files_arg "${files}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAME=${name} -DBASE=${CMAKE_CURRENT_SOURCE_DIR}
            "-DFILES=${files_arg}" -P "${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake"
    COMMENT "Embedding ${name} data files"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
