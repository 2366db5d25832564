# rtclab_on_call_path(<target> [SOURCES <files...>])
#
# Marks the code a call setup runs on every signaling message and every browser event (the
# bridge and the handles it goes through, the call layer, the negotiation decisions) to be
# compiled with inlining of small functions, in the wasm build only. With SOURCES, only those
# files of the target get it (call it from the directory that defines the target).
#
# Why: the labs are built -Os for size, and at -Os Emscripten adds -fno-inline-functions, so
# every small accessor, std::function thunk and emscripten::val wrapper stays a call of its own.
# V8 runs the call layer in its baseline tier (each function runs a few times per call, too few
# to be optimized), where a call is not cheap. Only these files, and only small functions (a low
# threshold): this set took call setup from 1.13x to 1.12x against the JS client; the call path's
# four libraries at -O2 on top of it gain nothing measurable and take Lab 06 over its 350 KB
# budget (bench/README.md, "Call setup: where the cost is"). The rest (ImGui, the panels, the SDP
# explainer, the codec) stays -Os.
set(RTCLAB_CALL_PATH_FLAGS -finline-functions -mllvm -inline-threshold=10)

function(rtclab_on_call_path target)
  if(NOT EMSCRIPTEN)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  if(ARG_SOURCES)
    set_property(SOURCE ${ARG_SOURCES} APPEND PROPERTY COMPILE_OPTIONS ${RTCLAB_CALL_PATH_FLAGS})
  else()
    target_compile_options(${target} PRIVATE ${RTCLAB_CALL_PATH_FLAGS})
  endif()
endfunction()
