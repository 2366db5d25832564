# rtclab_add_unit_test(<name> SOURCES <files...> [LIBS <targets...>] [NATIVE_ONLY])
#
# One doctest executable, registered with ctest as unit.<name>. In the wasm build it is linked as
# a single file (wasm inlined: Emscripten 3.1.6 cannot load a .wasm by path under node 20) and
# ctest runs it with node. NATIVE_ONLY skips the wasm build (Boost, native ImGui).
function(rtclab_add_unit_test name)
  cmake_parse_arguments(UT "NATIVE_ONLY" "" "SOURCES;LIBS" ${ARGN})
  if(EMSCRIPTEN AND UT_NATIVE_ONLY)
    return()
  endif()
  set(target unit_${name})
  string(REPLACE "-" "_" target ${target})
  add_executable(${target} ${UT_SOURCES})
  rtclab_target_warnings(${target})
  target_link_libraries(${target} PRIVATE rtclab::doctest_main ${UT_LIBS})
  # rtclab's toString(enum) returns std::string_view and ADL makes doctest call it when printing
  # a failed CHECK; stringifying twice turns that into doctest's own String.
  target_compile_definitions(${target} PRIVATE DOCTEST_CONFIG_DOUBLE_STRINGIFY)
  if(EMSCRIPTEN)
    set_target_properties(${target} PROPERTIES SUFFIX ".js")
    # -O1 at link: the objects keep the build's -Os, but the link skips binaryen's size passes,
    # which took 15-25 s per test executable and shrink nothing a test needs.
    target_link_options(${target} PRIVATE -O1 -sSINGLE_FILE=1 -sENVIRONMENT=node
                                          -sALLOW_MEMORY_GROWTH=1 -sEXIT_RUNTIME=1)
    add_test(NAME unit.${name} COMMAND node $<TARGET_FILE:${target}>)
  else()
    add_test(NAME unit.${name} COMMAND ${target})
  endif()
endfunction()
