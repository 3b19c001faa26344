// A file the ingest tests read, written whole into the test's temporary folder.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace peakend::ingest {

// Writes `content` byte for byte (no newline translation, NUL bytes kept) to `name` in the
// test's temporary folder and returns its path.
inline std::string TempFile(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

}  // namespace peakend::ingest
