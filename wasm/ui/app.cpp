// The app shell: GLFW window on the page's canvas, ImGui with its GLFW and OpenGL3 (WebGL2)
// backends, and the browser-driven frame loop. Read top to bottom: runApp() sets up, then
// drawOneFrame() runs once per animation frame.
#include "rtclab/ui/app.hpp"

#include <cmath>
#include <cstdio>
#include <exception>
#include <utility>

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

namespace rtclab::ui {
namespace {

// Everything the frame loop needs; it lives as long as the page (see startFrameLoop()).
struct App {
  GLFWwindow* window = nullptr;
  std::string canvasSelector;
  std::function<void()> drawFrame;
  bool reportedDrawError = false;
};

// The drawing buffer follows the canvas' CSS size times devicePixelRatio, so a resized page
// and a high-DPI screen both stay sharp. Emscripten's GLFW has window size == framebuffer size
// and reports the mouse in buffer pixels, so ImGui works in buffer pixels throughout; the font
// and style are scaled by the same ratio in setUpImGui().
void matchCanvasToCssSize(App& app) {
  double cssWidth = 0;
  double cssHeight = 0;
  if (emscripten_get_element_css_size(app.canvasSelector.c_str(), &cssWidth, &cssHeight) !=
      EMSCRIPTEN_RESULT_SUCCESS) {
    return;
  }
  const double ratio = emscripten_get_device_pixel_ratio();
  const int width = static_cast<int>(std::lround(cssWidth * ratio));
  const int height = static_cast<int>(std::lround(cssHeight * ratio));
  int currentWidth = 0;
  int currentHeight = 0;
  glfwGetWindowSize(app.window, &currentWidth, &currentHeight);
  if (width > 0 && height > 0 && (width != currentWidth || height != currentHeight)) {
    // Through GLFW, not emscripten_set_canvas_element_size(): GLFW must learn the new size.
    glfwSetWindowSize(app.window, width, height);
  }
}

void setUpImGui(GLFWwindow* window, const AppOptions& options) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr; // a lab always opens the same way; nothing to save in the browser

  const auto ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
  ImGui::StyleColorsDark();
  ImGui::GetStyle().ScaleAllSizes(ratio);
  // Rasterise the default font at the final pixel size: sharper than FontGlobalScale.
  ImFontConfig font;
  font.SizePixels = std::round(options.fontSizePixels * ratio);
  io.Fonts->AddFontDefault(&font);

  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es"); // WebGL2 is OpenGL ES 3.0
}

void drawOneFrame(void* argument) {
  App& app = *static_cast<App*>(argument);
  glfwPollEvents();
  matchCanvasToCssSize(app);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  // Labs do not throw, but one stray exception must not freeze the page: report it once and
  // keep drawing the following frames.
  try {
    app.drawFrame();
  } catch (const std::exception& error) {
    if (!std::exchange(app.reportedDrawError, true)) {
      std::fprintf(stderr, "rtclab: drawFrame threw: %s\n", error.what());
    }
  }
  ImGui::Render();

  int width = 0;
  int height = 0;
  glfwGetFramebufferSize(app.window, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(0.10f, 0.10f, 0.12f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// The browser owns the loop: emscripten_set_main_loop_arg() calls drawOneFrame() on every
// requestAnimationFrame (fps 0). simulate_infinite_loop = true ends main() here as if it never
// returned, without unwinding its stack, so the lab's locals stay valid; `app` is static for the
// same reason. Nothing after this call runs.
[[noreturn]] void startFrameLoop(App& app) {
  emscripten_set_main_loop_arg(&drawOneFrame, &app, 0, true);
  __builtin_unreachable();
}

} // namespace

int runApp(const AppOptions& options, std::function<void()> drawFrame) {
  if (!glfwInit()) {
    std::fprintf(stderr, "rtclab: glfwInit failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // Any size will do: matchCanvasToCssSize() resizes it to the canvas before the first frame.
  GLFWwindow* window = glfwCreateWindow(1280, 720, options.title.c_str(), nullptr, nullptr);
  if (window == nullptr) {
    std::fprintf(stderr, "rtclab: cannot create the WebGL2 canvas (is WebGL2 available?)\n");
    return 1;
  }
  glfwMakeContextCurrent(window);
  setUpImGui(window, options);

  static App app;
  app.window = window;
  app.canvasSelector = options.canvasSelector;
  app.drawFrame = std::move(drawFrame);
  matchCanvasToCssSize(app);
  startFrameLoop(app);
}

} // namespace rtclab::ui
