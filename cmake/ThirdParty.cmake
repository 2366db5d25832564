# Third-party code comes from Debian's packages (and, for the wasm ImGui build, from Debian's
# imgui source package unpacked by scripts/deps.sh into .cache/imgui). Nothing is vendored.
#
# The wasm toolchain must not see /usr/include (glibc headers would shadow Emscripten's libc),
# so the header-only libraries are exposed through a folder of symlinks that holds only them.
set(RTCLAB_THIRD_PARTY_INCLUDE ${CMAKE_BINARY_DIR}/third-party-include)
file(MAKE_DIRECTORY ${RTCLAB_THIRD_PARTY_INCLUDE})
foreach(dir nlohmann doctest)
  if(NOT EXISTS /usr/include/${dir})
    message(FATAL_ERROR "/usr/include/${dir} is missing: run `make deps`")
  endif()
  file(CREATE_LINK /usr/include/${dir} ${RTCLAB_THIRD_PARTY_INCLUDE}/${dir} SYMBOLIC)
endforeach()

add_library(rtclab_json INTERFACE)
target_include_directories(rtclab_json SYSTEM INTERFACE ${RTCLAB_THIRD_PARTY_INCLUDE})
add_library(rtclab::json ALIAS rtclab_json)

add_library(rtclab_doctest INTERFACE)
target_include_directories(rtclab_doctest SYSTEM INTERFACE ${RTCLAB_THIRD_PARTY_INCLUDE})
add_library(rtclab::doctest ALIAS rtclab_doctest)

set(RTCLAB_IMGUI_SOURCE_DIR ${PROJECT_SOURCE_DIR}/.cache/imgui)
if(EMSCRIPTEN)
  # Dear ImGui compiled once from Debian's source package, with the GLFW (Emscripten's JS
  # library) and OpenGL3 (WebGL2) backends, and misc/cpp/imgui_stdlib (InputText on a
  # std::string), which Debian's native libimgui-dev already contains.
  if(NOT EXISTS ${RTCLAB_IMGUI_SOURCE_DIR}/imgui.cpp)
    message(FATAL_ERROR "Dear ImGui sources missing in ${RTCLAB_IMGUI_SOURCE_DIR}: run `make deps`")
  endif()
  add_library(rtclab_imgui STATIC
    ${RTCLAB_IMGUI_SOURCE_DIR}/imgui.cpp
    ${RTCLAB_IMGUI_SOURCE_DIR}/imgui_draw.cpp
    ${RTCLAB_IMGUI_SOURCE_DIR}/imgui_tables.cpp
    ${RTCLAB_IMGUI_SOURCE_DIR}/imgui_widgets.cpp
    ${RTCLAB_IMGUI_SOURCE_DIR}/misc/cpp/imgui_stdlib.cpp
    ${RTCLAB_IMGUI_SOURCE_DIR}/backends/imgui_impl_glfw.cpp
    ${RTCLAB_IMGUI_SOURCE_DIR}/backends/imgui_impl_opengl3.cpp)
  target_include_directories(rtclab_imgui SYSTEM PUBLIC ${RTCLAB_IMGUI_SOURCE_DIR}
                                                        ${RTCLAB_IMGUI_SOURCE_DIR}/backends
                                                        ${RTCLAB_IMGUI_SOURCE_DIR}/misc/cpp)
  target_link_options(rtclab_imgui PUBLIC -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)
else()
  # Native: Debian's libimgui-dev (a static library without backends) draws panels headless.
  # Its font atlas code (stb_truetype, stb_rect_pack) lives in Debian's libstb (libstb-dev).
  find_library(RTCLAB_IMGUI_LIBRARY imgui REQUIRED)
  find_library(RTCLAB_STB_LIBRARY stb REQUIRED)
  add_library(rtclab_imgui INTERFACE)
  target_include_directories(rtclab_imgui SYSTEM INTERFACE /usr/include/imgui)
  target_link_libraries(rtclab_imgui INTERFACE ${RTCLAB_IMGUI_LIBRARY} ${RTCLAB_STB_LIBRARY})
endif()
add_library(rtclab::imgui ALIAS rtclab_imgui)

if(NOT EMSCRIPTEN)
  find_package(Boost 1.74 REQUIRED)  # header-only Asio + Beast
  find_package(Threads REQUIRED)
  find_package(OpenSSL 3 REQUIRED) # libcrypto: HMAC-SHA256 of the server's room tokens
  find_package(simdjson 3 REQUIRED) # Debian's libsimdjson-dev: the server's relay fast path
  if(RTCLAB_JEMALLOC)
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(jemalloc REQUIRED IMPORTED_TARGET jemalloc) # Debian's libjemalloc-dev
  endif()
endif()

# The labs' Korean font (rtclab/ui/fonts.hpp): Debian's fonts-nanum, installed by scripts/deps.sh.
# Served to the labs by web/CMakeLists.txt and drawn by the native UI tests.
set(RTCLAB_KOREAN_FONT /usr/share/fonts/truetype/nanum/NanumGothic.ttf CACHE FILEPATH
    "TrueType font with Hangul, served to the labs as fonts/NanumGothic.ttf")
