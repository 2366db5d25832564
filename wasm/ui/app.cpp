// The app shell: GLFW window on the page's canvas, ImGui with its GLFW and OpenGL3 (WebGL2)
// backends, and the browser-driven frame loop. Read top to bottom: runApp() sets up, then
// drawOneFrame() runs once per animation frame.
#include "rtclab/ui/app.hpp"

#include "rtclab/lab_page.hpp"
#include "rtclab/language.hpp"
#include "rtclab/ui/drawn_text.hpp"
#include "rtclab/ui/fonts.hpp"
#include "rtclab/ui/widgets.hpp"

#include <cmath>
#include <cstdio>
#include <exception>
#include <utility>

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <emscripten/val.h>
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

namespace rtclab::ui {
namespace {

using emscripten::val;

// Everything the frame loop needs; it lives as long as the page (see startFrameLoop()).
struct App {
  GLFWwindow* window = nullptr;
  std::string canvasSelector;
  std::function<void()> drawFrame;
  bool reportedDrawError = false;
  float fontSizePixels = 15.0f; // in buffer pixels
  std::uint64_t textsSeen = 0;  // rtclab::textsGeneration() the font last saw
  Language languageRemembered = Language::English;
  int framesUntilStateScan = 0;
  bool wantedTextInput = false;
  bool canvasMayHaveResized = true; // page_input.js's watchSize() says so; true: read it first
};

App& theApp() {
  static App app;
  return app;
}

val pageInput() {
  return val::module_property("rtclabPageInput"); // wasm/ui/page_input.js
}

// --- Text the panel shows and takes -----------------------------------------------------------

// From page_input.js: text typed or composed (Hangul, kana, hanzi) for the active text box.
void textEntered(const std::string& text) {
  panelFont().noteText(text);
  if (ImGui::GetCurrentContext() != nullptr)
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
}

// From page_input.js: the Korean font's bytes; the next frame rebuilds the atlas with them.
void textFontArrived(const val& bytes) {
  panelFont().setTextFont(emscripten::convertJSArrayToNumberVector<unsigned char>(bytes));
}

// ImGui moved its caret (a text box became active, or the caret moved): the input method's
// window and the composing syllable follow it.
void placeTextEntry(int x, int y) {
  pageInput().call<void>("place", x, y, ImGui::GetTextLineHeight());
}

// Ctrl+C in a text box goes to the system clipboard; Ctrl+V arrives from the browser's paste into
// the text entry (page_input.js), so ImGui's own paste has nothing to read and cannot double it.
void copyToSystemClipboard(void*, const char* text) {
  pageInput().call<void>("copy", std::string(text));
}
const char* nothingToPaste(void*) { return ""; }

// The font holds only the characters in use (fonts.hpp): the current language's table whenever
// it changes, and what the lab's snapshot holds (chat, peer ids, device labels) once a second
// (a snapshot costs a few milliseconds: Lab 02 in a call, 3.3 ms median).
void feedPanelFont(App& app) {
  PanelFont& font = panelFont();
  if (app.textsSeen != textsGeneration()) {
    app.textsSeen = textsGeneration();
    forEachText(currentLanguage(), [&](std::string_view text) { font.noteText(text); });
    font.noteText("한국어"); // the language switch names itself
    if (app.languageRemembered != currentLanguage()) {
      app.languageRemembered = currentLanguage();
      rememberLanguage(currentLanguage());
    }
  }
  if (--app.framesUntilStateScan <= 0) {
    app.framesUntilStateScan = 60;
    font.noteText(labStateText());
  }
}

// Module.panelText(): what the panel's last frame drew, read back from its glyphs (drawn_text.hpp):
// a browser test asserts the words the learner sees, `?` where a glyph is missing.
std::string panelText() {
  std::string text;
  std::vector<GlyphPlace> places;
  if (ImGui::GetCurrentContext() != nullptr && ImGui::GetDrawData() != nullptr)
    readDrawnText(*ImGui::GetDrawData(), text, places);
  return text;
}

void canvasMayHaveResized() { theApp().canvasMayHaveResized = true; }

EMSCRIPTEN_BINDINGS(rtclab_app) {
  emscripten::function("rtclabCanvasMayHaveResized", &canvasMayHaveResized);
  emscripten::function("rtclabTextEntered", &textEntered);
  emscripten::function("rtclabTextFontArrived", &textFontArrived);
  emscripten::function("panelText", &panelText);
}

// The drawing buffer follows the canvas' CSS size times devicePixelRatio, so a resized page
// and a high-DPI screen both stay sharp. Emscripten's GLFW has window size == framebuffer size
// and reports the mouse in buffer pixels, so ImGui works in buffer pixels throughout; the font
// and style are scaled by the same ratio in setUpImGui(). Only after the page said the size may
// have changed: the layout read it takes cost ~0.1 ms of every frame.
void matchCanvasToCssSize(App& app) {
  if (!std::exchange(app.canvasMayHaveResized, false)) {
    return;
  }
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

void setUpImGui(App& app, const AppOptions& options) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr; // a lab always opens the same way; nothing to save in the browser
  // Emscripten's GLFW cannot change the cursor's shape (glfwSetCursor does nothing), and the
  // backend's attempt, glfwSetInputMode(GLFW_CURSOR_NORMAL) every frame, exits pointer lock and
  // removes an event listener in the page each time.
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;

  const auto ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
  ImGui::StyleColorsDark();
  ImGui::GetStyle().ScaleAllSizes(ratio);
  // Rasterise the fonts at the final pixel size: sharper than FontGlobalScale.
  app.fontSizePixels = std::round(options.fontSizePixels * ratio);
  panelFont().build(*io.Fonts, app.fontSizePixels);

  ImGui_ImplGlfw_InitForOpenGL(app.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es"); // WebGL2 is OpenGL ES 3.0

  // Text arrives whole from the page's text entry (page_input.js), composed text included;
  // GLFW's keypress characters would repeat what it sends.
  glfwSetCharCallback(app.window, nullptr);
  io.ImeSetInputScreenPosFn = &placeTextEntry;
  io.SetClipboardTextFn = &copyToSystemClipboard;
  io.GetClipboardTextFn = &nothingToPaste;
  if (const auto browser = pageBrowser(); browser.version > 0)
    setPageBrowser(browser.name + " " + std::to_string(browser.version));
  pageInput().call<void>("install", val::module_property("canvas"));
  pageInput().call<void>("watchSize", val::module_property("canvas"));
  pageInput().call<void>("fetchFont", options.textFontUrl);
}

void drawOneFrame(void* argument) {
  App& app = *static_cast<App*>(argument);
  glfwPollEvents();
  matchCanvasToCssSize(app);

  feedPanelFont(app);
  ImGui_ImplOpenGL3_NewFrame(); // creates the font texture on the first frame
  if (panelFont().rebuildIfNeeded(*ImGui::GetIO().Fonts, app.fontSizePixels)) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
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
  if (const bool wanted = ImGui::GetIO().WantTextInput; wanted != app.wantedTextInput) {
    app.wantedTextInput = wanted;
    pageInput().call<void>("want", wanted); // focus the text entry, or give the canvas back
  }

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
  loadPageTexts();

  App& app = theApp();
  app.window = window;
  // Only a switch from here on is the learner's choice to remember: the browser's language or a
  // ?lang= link is not.
  app.languageRemembered = currentLanguage();
  setUpImGui(app, options);
  app.canvasSelector = options.canvasSelector;
  app.drawFrame = std::move(drawFrame);
  matchCanvasToCssSize(app);
  startFrameLoop(app);
}

} // namespace rtclab::ui
