// What every PLplot picture shares (internal to src/viz): the colour map, one page drawing
// one file atomically, the legend and the axes with ticks of our choosing.
#pragma once

#include <plplot/plplot.h>

#include <filesystem>
#include <string>
#include <vector>

#include "scratchnet/viz/plot.hpp"

namespace scratchnet::plot_detail {

// Colour map 0 of every plot. Index 0 is the background.
enum Colour : PLINT {
  kWhite = 0,
  kBlack,
  kGrey,
  kRed,         // label 0
  kGreen,       // label 1
  kLightRed,    // region predicted 0
  kLightGreen,  // region predicted 1
  kBoundary,
  kFirstCurve,                     // then one colour per curve, and per class's points
  kFirstRegion = kFirstCurve + 8,  // then a light colour per class, for its region
  kColourCount = kFirstRegion + 8,
};
// A palette that stays distinguishable for colour-blind readers (Okabe–Ito), for curves.
constexpr int kCurveColours[][3] = {{0, 114, 178}, {213, 94, 0},   {0, 158, 115}, {204, 121, 167},
                                    {230, 159, 0}, {86, 180, 233}, {0, 0, 0},     {240, 228, 66}};
constexpr int kCurveColourCount = sizeof kCurveColours / sizeof kCurveColours[0];
static_assert(kCurveColourCount == kFirstRegion - kFirstCurve);

struct Rgb {
  int r, g, b;
};
// The light colour of class `index`'s region: its curve colour, mostly white.
Rgb region_colour(int index);

// One PLplot stream drawing one file. The picture goes to a temporary file that is renamed
// over `path` by finish(), so a reader never sees half a picture.
class PlotPage {
 public:
  PlotPage(const std::filesystem::path& path, const PlotOptions& options);
  PlotPage(const PlotPage&) = delete;
  PlotPage& operator=(const PlotPage&) = delete;
  ~PlotPage();

  // Where the current viewport landed, in pixels.
  PlotFrame frame() const;
  void finish();

 private:
  std::filesystem::path path_;
  std::string tmp_;
  PlotOptions options_;
  PLINT stream_ = -1;
  bool finished_ = false;
};

// A legend entry: a line, a symbol, or a filled box.
struct LegendEntry {
  std::string text;
  PLINT kind;    // PL_LEGEND_LINE, PL_LEGEND_SYMBOL or PL_LEGEND_COLOR_BOX
  PLINT colour;  // of the line or symbol, and of the box unless box_colour is set
  std::string symbol = "";
  PLINT box_colour = -1;  // a box behind the symbol (kind PL_LEGEND_SYMBOL | PL_LEGEND_COLOR_BOX)
};
// Draws the legend at `position` of the current viewport; returns its height, as a share
// of the viewport's.
double draw_legend(const std::vector<LegendEntry>& entries, PLINT position);

void require_finite(const std::vector<double>& values, const std::string& what);

}  // namespace scratchnet::plot_detail
