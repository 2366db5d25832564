#include "rtclab/ui/drawn_text.hpp"

#include <algorithm>
#include <cmath>

#include <imgui.h>
#include <imgui_internal.h> // ImTextCharToUtf8

namespace rtclab::ui {
namespace {


// ImGui's own logging stops at the first End() of a window, so the text is read back from what
// was really drawn: every glyph is a textured quad whose atlas UVs identify its character.

struct PlacedGlyph {
  float penX;    // where the pen was: the quad's left edge minus the glyph's bearing
  float penY;    // the line's top: glyphs of one line share it whatever their shape
  float advance; // pen movement after this glyph
  unsigned codepoint;
};

const ImFontGlyph* glyphAtUv(const ImFontAtlas& atlas, ImVec2 uv) {
  for (const ImFont* font : atlas.Fonts) {
    for (const ImFontGlyph& glyph : font->Glyphs) {
      if (glyph.Visible && uv.x >= glyph.U0 && uv.x <= glyph.U1 && uv.y >= glyph.V0 &&
          uv.y <= glyph.V1) {
        return &glyph;
      }
    }
  }
  return nullptr;
}

// ImFont::RenderText writes each glyph as 4 vertices (top-left, top-right, bottom-right,
// bottom-left) and the 6 indices a,a+1,a+2, a,a+2,a+3. Other shapes may share the pattern but
// never sample inside a glyph's rectangle of the atlas.
void collectGlyphs(const ImDrawList& list, const ImFontAtlas& atlas,
                   std::vector<PlacedGlyph>& glyphs) {
  for (const ImDrawCmd& command : list.CmdBuffer) {
    if (command.UserCallback != nullptr || command.TextureId != atlas.TexID) {
      continue; // images (video frames) and callbacks are not text
    }
    const ImDrawIdx* indices = list.IdxBuffer.Data + command.IdxOffset;
    const ImDrawVert* vertices = list.VtxBuffer.Data + command.VtxOffset;
    for (unsigned i = 0; i + 6 <= command.ElemCount;) {
      const unsigned a = indices[i];
      const bool isQuad = indices[i + 1] == a + 1 && indices[i + 2] == a + 2 &&
                          indices[i + 3] == a && indices[i + 4] == a + 2 && indices[i + 5] == a + 3;
      const ImFontGlyph* glyph = nullptr;
      if (isQuad) {
        const ImVec2 uvA = vertices[a].uv;
        const ImVec2 uvC = vertices[a + 2].uv;
        glyph = glyphAtUv(atlas, ImVec2((uvA.x + uvC.x) / 2, (uvA.y + uvC.y) / 2));
      }
      if (glyph == nullptr) {
        i += 3; // shapes are whole triangles: the next one starts 3 indices further
        continue;
      }
      glyphs.push_back({vertices[a].pos.x - glyph->X0, vertices[a].pos.y - glyph->Y0,
                        glyph->AdvanceX, glyph->Codepoint});
      i += 6;
    }
  }
}

void appendUtf8(std::string& text, unsigned codepoint) {
  char encoded[5] = {};
  ImTextCharToUtf8(encoded, codepoint);
  text += encoded;
}

// One line per row of glyphs, top to bottom and left to right (table columns are drawn one
// after the other, so drawing order is not reading order); spaces from the gaps between glyphs.
void readGlyphs(std::vector<PlacedGlyph> glyphs, float spaceWidth, float lineHeight,
                std::string& text, std::vector<GlyphPlace>& places) {
  const float sameLine = 2.0f;
  std::sort(glyphs.begin(), glyphs.end(), [&](const PlacedGlyph& a, const PlacedGlyph& b) {
    if (std::fabs(a.penY - b.penY) > sameLine) {
      return a.penY < b.penY;
    }
    return a.penX < b.penX;
  });
  const PlacedGlyph* previous = nullptr;
  for (const PlacedGlyph& glyph : glyphs) {
    if (previous != nullptr && std::fabs(glyph.penY - previous->penY) > sameLine) {
      text += '\n';
    } else if (previous != nullptr) {
      const float gap = glyph.penX - (previous->penX + previous->advance);
      const auto spaces = static_cast<int>(std::lround(gap / spaceWidth));
      text.append(static_cast<std::size_t>(std::max(spaces, 0)), ' ');
    }
    places.push_back({text.size(), glyph.penX + glyph.advance / 2, glyph.penY + lineHeight / 2});
    appendUtf8(text, glyph.codepoint);
    previous = &glyph;
  }
}

} // namespace

void readDrawnText(const ImDrawData& drawData, std::string& text, std::vector<GlyphPlace>& places) {
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  for (int i = 0; i < drawData.CmdListsCount; ++i) {
    std::vector<PlacedGlyph> glyphs;
    collectGlyphs(*drawData.CmdLists[i], atlas, glyphs);
    if (!glyphs.empty()) {
      readGlyphs(std::move(glyphs), ImGui::GetFont()->GetCharAdvance(' '), ImGui::GetFontSize(),
                 text, places);
      text += '\n';
    }
  }
}


} // namespace rtclab::ui
