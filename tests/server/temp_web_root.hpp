// A temporary --web folder for one test: index.html, lab.wasm, labs/01/index.html, and a
// secret.txt beside (outside) the root. Removed when the test ends.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace rtclab::server_test {

class TempWebRoot {
public:
  static constexpr const char* kIndexHtml = "<!doctype html><title>rtclab</title>";
  static constexpr const char* kWasmBytes = "\0asm\1\0\0\0"; // 8 bytes: the wasm header

  TempWebRoot() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rtclab-server-test-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw std::runtime_error("mkdtemp failed");
    base_ = pattern;
    std::filesystem::create_directories(root() / "labs" / "01");
    std::ofstream(root() / "index.html") << kIndexHtml;
    std::ofstream(root() / "lab.wasm", std::ios::binary).write(kWasmBytes, 8);
    std::ofstream(root() / "labs" / "01" / "index.html") << "lab 01";
    std::ofstream(base_ / "secret.txt") << "secret";
  }
  ~TempWebRoot() {
    std::error_code ignored;
    std::filesystem::remove_all(base_, ignored);
  }
  TempWebRoot(const TempWebRoot&) = delete;
  TempWebRoot& operator=(const TempWebRoot&) = delete;

  std::filesystem::path root() const { return base_ / "site"; }

private:
  std::filesystem::path base_;
};

} // namespace rtclab::server_test
