// text.hpp (private to rtclab_values): small string helpers shared by the SDP and candidate
// readers. Everything works on std::string_view and never throws.
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace rtclab::text {

// Calls visit(line) for each line of `text`, without its "\n" or "\r\n", until visit returns
// false. A blank line at the very end (the text ends in an empty line) is not passed on.
template <typename Visit> void forEachLine(std::string_view text, Visit&& visit) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    pos = end + 1;
    if ((line.empty() && pos >= text.size()) || !visit(line)) {
      return;
    }
  }
}

// Splits on runs of spaces and tabs; no empty pieces.
inline std::vector<std::string_view> splitWords(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = text.find_first_not_of(" \t", pos);
    if (start == std::string_view::npos) {
      break;
    }
    std::size_t end = text.find_first_of(" \t", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    words.push_back(text.substr(start, end - start));
    pos = end;
  }
  return words;
}

// The whole text must be a decimal number that fits Int: "12x", "", "-1" (for unsigned) and
// "99999999999" (for uint32) all give std::nullopt.
template <typename Int> std::optional<Int> parseInteger(std::string_view text) {
  Int value{};
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc{} || stop != end) {
    return std::nullopt;
  }
  return value;
}

inline std::string toLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return lower;
}

} // namespace rtclab::text
