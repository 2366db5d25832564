# rtclab_add_lab(<NN-name> TITLE "<title>" SOURCES <files...>)
#
# Builds one lab into the site folder the server serves:
#   ${RTCLAB_SITE_DIR}/labs/<NN-name>/index.html   (web/lab.html.in with the lab's title)
#   ${RTCLAB_SITE_DIR}/labs/<NN-name>/lab.js + lab.wasm
#   ${RTCLAB_SITE_DIR}/labs/<NN-name>/README.md    (the lab's steps, linked from its page)
#   ${RTCLAB_SITE_DIR}/labs/<NN-name>/texts.<lang>.json (the panel's words: rtclab/language.hpp)
set(RTCLAB_SITE_DIR ${CMAKE_BINARY_DIR}/site CACHE INTERNAL "What rtclab-server serves")

function(rtclab_add_lab name)
  cmake_parse_arguments(LAB "" "TITLE" "SOURCES" ${ARGN})
  set(target lab_${name})
  string(REPLACE "-" "_" target ${target})
  set(out_dir ${RTCLAB_SITE_DIR}/labs/${name})

  add_executable(${target} ${LAB_SOURCES})
  rtclab_target_warnings(${target})
  target_link_libraries(${target} PRIVATE rtclab::call rtclab::browser rtclab::ui rtclab::app)
  set_target_properties(${target} PROPERTIES OUTPUT_NAME lab SUFFIX ".js"
                                             RUNTIME_OUTPUT_DIRECTORY ${out_dir})
  # Our own HTML shell (emcc's HTML output is not used), a growable heap, and the two entry
  # points of the labs' automation interface exported on Module (see docs/architecture.md).
  target_link_options(${target} PRIVATE -Oz -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web -sFILESYSTEM=0
                                        -sEXPORTED_RUNTIME_METHODS=[ccall])

  set(LAB_NAME ${name})
  set(LAB_TITLE ${LAB_TITLE})
  configure_file(${PROJECT_SOURCE_DIR}/web/lab.html.in ${out_dir}/index.html @ONLY)
  # The steps beside the lab, so a learner in the browser can read them (copied again whenever
  # the README changes: configure_file makes it a dependency of the build).
  configure_file(${PROJECT_SOURCE_DIR}/labs/${name}/README.md ${out_dir}/README.md COPYONLY)
  foreach(language en ko)
    configure_file(${PROJECT_SOURCE_DIR}/labs/${name}/texts.${language}.json
                   ${out_dir}/texts.${language}.json COPYONLY)
  endforeach()
endfunction()
