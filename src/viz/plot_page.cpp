#include "plot_page.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "scratchnet/io/io.hpp"
#include "scratchnet/tensor/error.hpp"

namespace scratchnet::plot_detail {
namespace {

// PLplot reports a failed call through this handler instead of printing it; the page
// turns the first message into an Error when it finishes.
std::string plplot_error;
void record_plplot_error(PLCHAR_VECTOR message) {
  if (plplot_error.empty()) plplot_error = message;
}

}  // namespace

PlotPage::PlotPage(const std::filesystem::path& path, const PlotOptions& options)
    : path_(path), tmp_(temporary_path_for(path)), options_(options) {
  if (options.width < 100 || options.height < 100)
    throw UsageError("a plot needs at least 100×100 pixels, got " + std::to_string(options.width) +
                     "×" + std::to_string(options.height));
  // PLplot exits the process when it cannot open its file: check that we can first.
  if (std::FILE* probe = std::fopen(tmp_.c_str(), "wb")) {
    std::fclose(probe);
  } else {
    throw Error("cannot write '" + path.string() + "': " + std::strerror(errno));
  }
  plplot_error.clear();
  plsabort(record_plplot_error);
  plmkstrm(&stream_);
  if (stream_ < 0) throw Error("cannot draw '" + path.string() + "': no free PLplot stream");
  const std::string device = std::string(extension(options.format)) + "cairo";
  plsdev(device.c_str());
  plsfnam(tmp_.c_str());
  plspage(0, 0, options.width, options.height, 0, 0);
  plscmap0n(kColourCount);
  plscol0(kWhite, 255, 255, 255);
  plscol0(kBlack, 0, 0, 0);
  plscol0(kGrey, 200, 200, 200);
  plscol0(kRed, 214, 39, 40);
  plscol0(kGreen, 44, 160, 44);
  plscol0(kLightRed, 255, 204, 204);
  plscol0(kLightGreen, 204, 238, 204);
  plscol0(kBoundary, 40, 40, 120);
  for (int i = 0; i < kCurveColourCount; ++i) {
    const int* c = kCurveColours[i];
    plscol0(kFirstCurve + i, c[0], c[1], c[2]);
    const Rgb light = region_colour(i);
    plscol0(kFirstRegion + i, light.r, light.g, light.b);
  }
  plinit();
  plschr(0, 1.15);
  plsstrm(stream_);
}

PlotPage::~PlotPage() {
  if (!finished_) {
    plsstrm(stream_);
    plend1();
    std::remove(tmp_.c_str());
  }
}

PlotFrame PlotPage::frame() const {
  PlotFrame f;
  f.width = options_.width;
  f.height = options_.height;
  PLFLT xmin, xmax, ymin, ymax;
  plgvpd(&xmin, &xmax, &ymin, &ymax);
  f.left = xmin * f.width;
  f.right = xmax * f.width;
  f.top = (1 - ymax) * f.height;
  f.bottom = (1 - ymin) * f.height;
  plgvpw(&xmin, &xmax, &ymin, &ymax);
  f.x_min = xmin;
  f.x_max = xmax;
  f.y_min = ymin;
  f.y_max = ymax;
  return f;
}

void PlotPage::finish() {
  plsstrm(stream_);
  plend1();
  finished_ = true;
  if (!plplot_error.empty()) {
    std::remove(tmp_.c_str());
    throw Error("cannot draw '" + path_.string() + "': " + plplot_error);
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int e = errno;
    std::remove(tmp_.c_str());
    throw Error("cannot write '" + path_.string() + "': " + std::strerror(e));
  }
}

Rgb region_colour(int index) {
  // A third of the class's colour on white: light enough for the points' colour on top.
  const int* c = kCurveColours[index % kCurveColourCount];
  auto mix = [](int v) { return static_cast<int>(std::lround(255 - (255 - v) * 0.35)); };
  return {mix(c[0]), mix(c[1]), mix(c[2])};
}

double draw_legend(const std::vector<LegendEntry>& entries, PLINT position) {
  const auto n = static_cast<PLINT>(entries.size());
  std::vector<PLINT> opts, colours, box_colours, text_colours(n, kBlack), patterns(n, 0),
      styles(n, 1), symbol_numbers(n, 1);
  std::vector<PLFLT> box_scales(n, 0.8), box_widths(n, 1), line_widths(n, 3), symbol_scales(n, 1.6);
  std::vector<const char*> texts, symbols;
  for (const LegendEntry& e : entries) {
    opts.push_back(e.kind);
    colours.push_back(e.colour);
    box_colours.push_back(e.box_colour >= 0 ? e.box_colour : e.colour);
    texts.push_back(e.text.c_str());
    symbols.push_back(e.symbol.c_str());
  }
  PLFLT width = 0, height = 0;
  plcol0(kBlack);
  pllegend(&width, &height, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX, position, 0.02, 0.02,
           0.05, kWhite, kBlack, 1, 0, 0, n, opts.data(), 0.8, 0.85, 2.0, 0, text_colours.data(),
           texts.data(), box_colours.data(), patterns.data(), box_scales.data(), box_widths.data(),
           colours.data(), styles.data(), line_widths.data(), colours.data(), symbol_scales.data(),
           symbol_numbers.data(), symbols.data());
  return height;
}

void require_finite(const std::vector<double>& values, const std::string& what) {
  for (double v : values)
    if (!std::isfinite(v)) throw UsageError(what + " holds a value that is not finite");
}

}  // namespace scratchnet::plot_detail
