# Warnings are private to our own targets: third-party headers come in as SYSTEM includes.
function(rtclab_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Woverloaded-virtual)
  if(RTCLAB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(RTCLAB_SANITIZE AND NOT EMSCRIPTEN)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
