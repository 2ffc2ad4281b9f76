// Reading a PNG back, to check what a picture shows (libpng's simplified API).
#pragma once

#include <png.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace scratchnet::testing {

struct Rgb {
  int r, g, b;
};

struct PngImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  // RGB, row by row from the top

  explicit PngImage(const std::string& path) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path.c_str()))
      throw std::runtime_error(path + ": not a readable PNG: " + image.message);
    image.format = PNG_FORMAT_RGB;
    width = static_cast<int>(image.width);
    height = static_cast<int>(image.height);
    pixels.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr))
      throw std::runtime_error(path + ": cannot decode: " + image.message);
  }

  Rgb at(int x, int y) const {
    const size_t i = (static_cast<size_t>(y) * width + x) * 3;
    return {pixels[i], pixels[i + 1], pixels[i + 2]};
  }
};

inline bool near(Rgb a, Rgb b, int tolerance = 12) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
         std::abs(a.b - b.b) <= tolerance;
}

}  // namespace scratchnet::testing
