#include "scratchnet/viz/graph_picture.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <string_view>
#include <vector>

#include "scratchnet/io/io.hpp"

namespace scratchnet {
namespace {

// Fills from Paul Tol's "pale" scheme, borders from his darker ones: told apart with every
// common colour-vision deficiency, light enough for black text. Each kind also says what it
// is in words, and data nodes have square corners, so colour is never the only cue.
struct NodeStyle {
  std::string_view fill;
  std::string_view border;
  int border_width;
  std::string_view kind_text;
};
constexpr NodeStyle kDataStyle{"#BBCCEE", "#4477AA", 1, "data · no gradient"};
constexpr NodeStyle kParameterStyle{"#EEEEBB", "#999933", 1, "parameter · trained"};
constexpr NodeStyle kOperationStyle{"#CCEEFF", "#44AA99", 1, ""};
constexpr NodeStyle kCostStyle{"#FFCCCC", "#CC3311", 3, ""};

constexpr std::string_view kFont = "DejaVu Sans";
constexpr std::string_view kNumberFont = "DejaVu Sans Mono";
// Skipped columns are "…"; skipped rows a dotted bar under each column: "⋮" is not in the
// monospaced font, and a glyph from another font would push the columns out of line.
constexpr std::string_view kSkippedRows = "┆";
constexpr std::string_view kCaptionColour = "#555555";

// Escapes text for an HTML-like label (and for a quoted DOT string, which shares '"').
std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A number with `digits` significant digits, and a true minus sign: it reads better.
std::string format_number(double value, int digits) {
  if (value == 0) value = 0;  // −0 (from 0 times a negative weight) would puzzle a reader
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  std::string text = buffer;
  if (!text.empty() && text[0] == '-') text.replace(0, 1, "−");
  return text;
}

// The rows (or columns) shown of `count`: all of them, or the first `limit − 1` and the
// last, with an ellipsis between. Returns the indices; -1 marks the ellipsis.
std::vector<Index> shown_indices(Index count, int limit) {
  std::vector<Index> shown;
  if (count <= limit) {
    for (Index i = 0; i < count; ++i)
      shown.push_back(i);
    return shown;
  }
  const Index head = std::max(1, limit - 1);
  for (Index i = 0; i < head; ++i)
    shown.push_back(i);
  shown.push_back(-1);
  if (limit > 1) shown.push_back(count - 1);
  return shown;
}

std::string caption(std::string_view text) {
  return "<FONT POINT-SIZE=\"10\" COLOR=\"" + std::string(kCaptionColour) + "\">" +
         std::string(text) + "</FONT>";
}

// The number of characters (code points) of UTF-8 text, for padding columns.
size_t character_count(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// After proportional text that may end a node's widest line: Graphviz sizes the node by
// pango's measure of the text, whose glyph advances are rounded to whole pixels, and an
// SVG viewer (librsvg, a browser) draws the unrounded ones: up to 2 % wider, into the
// border. One no-break space (a third of an em) per 15 characters, and two more, keep it
// clear.
std::string end_space(std::string_view text) {
  std::string space;
  for (size_t i = 0; i < 2 + character_count(text) / 15; ++i)
    space += "&#160;";
  return space;
}

std::string monospace(std::string_view text) {
  return "<FONT FACE=\"" + std::string(kNumberFont) + "\">" + std::string(text) + "</FONT>";
}

// One section of a node's label: "value = 0.5" for a 1×1 matrix, else a caption with the
// shape over the numbers, one line per row, abbreviated beyond the limits. The numbers
// are one text block in a monospaced font, padded into right-aligned columns: a nested
// table would be stretched to the node's width and spread a narrow matrix apart.
template <class T>
std::string matrix_rows(std::string_view heading, const Matrix<T>& m,
                        const GraphPictureOptions& options, bool bold = false,
                        const std::vector<std::string>* row_names = nullptr) {
  const int digits = options.significant_digits;
  if (m.rows() == 1 && m.cols() == 1) {
    const std::string number = monospace(format_number(static_cast<double>(m(0, 0)), digits));
    return "<TR><TD ALIGN=\"LEFT\">" + caption(heading) + " = " +
           (bold ? "<B>" + number + "</B>" : number) + "</TD></TR>\n";
  }
  const std::vector<Index> rows = shown_indices(m.rows(), options.max_rows);
  const std::vector<Index> cols = shown_indices(m.cols(), options.max_cols);
  std::vector<std::vector<std::string>> cells(rows.size(), std::vector<std::string>(cols.size()));
  std::vector<size_t> widths(cols.size(), 1);
  for (size_t i = 0; i < rows.size(); ++i)
    for (size_t j = 0; j < cols.size(); ++j) {
      const Index r = rows[i], c = cols[j];
      cells[i][j] = c < 0   ? (r < 0 ? " " : "…")
                    : r < 0 ? std::string(kSkippedRows)
                            : format_number(static_cast<double>(m(r, c)), digits);
      widths[j] = std::max(widths[j], character_count(cells[i][j]));
    }
  std::string block;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string line;
    for (size_t j = 0; j < cols.size(); ++j) {
      // Two spaces between columns; numbers (and the mark under them) right-aligned.
      if (j > 0) line += "  ";
      line += std::string(widths[j] - character_count(cells[i][j]), ' ') + cells[i][j];
    }
    block += line + "<BR ALIGN=\"LEFT\"/>";
  }
  const std::string shape_caption =
      "<TR><TD ALIGN=\"LEFT\">" + caption(std::string(heading) + "  (" + shape_of(m).str() + ")") +
      "</TD></TR>\n";
  if (!row_names || static_cast<Index>(row_names->size()) != m.rows())
    return shape_caption + "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">" + monospace(block) +
           "</TD></TR>\n";
  // Row names in a cell of their own, left of the numbers, in the captions' colour: within
  // one text block, Graphviz would close up the spaces after a change of colour.
  std::string names;
  for (const Index r : rows)
    names += (r < 0 ? std::string(" ") : escape_html((*row_names)[static_cast<size_t>(r)])) +
             "<BR ALIGN=\"LEFT\"/>";
  return shape_caption +
         "<TR><TD ALIGN=\"LEFT\"><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
         "CELLPADDING=\"0\"><TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">" +
         monospace("<FONT COLOR=\"" + std::string(kCaptionColour) + "\">" + names + "</FONT>") +
         "</TD><TD WIDTH=\"12\"></TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">" + monospace(block) +
         "</TD></TR></TABLE></TD></TR>\n";
}

// A placeholder of an operation's formula: one letter (ASCII, or a two-byte UTF-8 Latin
// letter such as Ŷ) standing alone, not part of a word or a number like "2m".
bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

struct Placeholder {
  size_t position;
  size_t length;
};

std::vector<Placeholder> find_placeholders(std::string_view formula) {
  std::vector<Placeholder> found;
  for (size_t i = 0; i < formula.size();) {
    const auto byte = static_cast<unsigned char>(formula[i]);
    size_t length = 0;
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z'))
      length = 1;
    else if (byte >= 0xC3 && byte <= 0xC5 && i + 1 < formula.size())
      length = 2;  // Latin-1 Supplement and Latin Extended-A: À … ſ
    else if (byte >= 0x80)
      length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;  // any other character: skip it whole
    const bool letter = length > 0 && (byte < 0x80 || (byte >= 0xC3 && byte <= 0xC5));
    if (!letter) {
      i += std::max<size_t>(length, 1);
      continue;
    }
    const bool alone = (i == 0 || !is_ascii_alnum(formula[i - 1])) &&
                       (i + length >= formula.size() || !is_ascii_alnum(formula[i + length]));
    if (alone) found.push_back({i, length});
    i += length;
  }
  return found;
}

// The operation's formula in the names of its inputs: "Z + b" with inputs W1·X and b1 is
// "W1·X + b1". Placeholders are matched to inputs in order of first appearance; when they
// do not match one to one, the formula is returned as written.
std::string formula_with_inputs(std::string_view formula, const std::vector<std::string>& inputs) {
  const std::vector<Placeholder> placeholders = find_placeholders(formula);
  std::vector<std::string_view> distinct;
  for (const Placeholder& p : placeholders) {
    const std::string_view letter = formula.substr(p.position, p.length);
    if (std::find(distinct.begin(), distinct.end(), letter) == distinct.end())
      distinct.push_back(letter);
  }
  if (distinct.size() != inputs.size()) return std::string(formula);
  std::string out;
  size_t copied = 0;
  for (const Placeholder& p : placeholders) {
    const std::string_view letter = formula.substr(p.position, p.length);
    const auto which = std::find(distinct.begin(), distinct.end(), letter) - distinct.begin();
    out += formula.substr(copied, p.position - copied);
    out += inputs[static_cast<size_t>(which)];
    copied = p.position + p.length;
  }
  out += formula.substr(copied);
  return out;
}

// The cost: the last operation whose value is one number and which feeds nothing.
template <class T>
NodeId find_cost_node(const Graph<T>& graph) {
  std::vector<bool> consumed(static_cast<size_t>(graph.size()), false);
  for (const Edge& e : graph.edges())
    consumed[static_cast<size_t>(e.from)] = true;
  for (NodeId id = graph.size() - 1; id >= 0; --id) {
    const Node<T>& node = graph.node(id);
    if (node.kind == NodeKind::operation && !consumed[static_cast<size_t>(id)] &&
        node.value().rows() == 1 && node.value().cols() == 1)
      return id;
  }
  return -1;
}

void check_options(const GraphPictureOptions& options) {
  if (options.max_rows < 1)
    throw UsageError("graph picture: max_rows must be at least 1, got " +
                     std::to_string(options.max_rows));
  if (options.max_cols < 1)
    throw UsageError("graph picture: max_cols must be at least 1, got " +
                     std::to_string(options.max_cols));
  if (options.significant_digits < 1 || options.significant_digits > 17)
    throw UsageError("graph picture: significant_digits must be from 1 to 17, got " +
                     std::to_string(options.significant_digits));
}

template <class T>
std::string node_label(const Graph<T>& graph, NodeId id, NodeId cost,
                       const GraphPictureOptions& options) {
  const Node<T>& node = graph.node(id);
  const bool is_cost = id == cost;
  const NodeStyle& style = is_cost                            ? kCostStyle
                           : node.kind == NodeKind::data      ? kDataStyle
                           : node.kind == NodeKind::parameter ? kParameterStyle
                                                              : kOperationStyle;
  const std::string name = escape_html(node.name);
  std::string kind_text(style.kind_text);
  std::string equation;
  if (node.kind == NodeKind::operation && node.op) {
    kind_text = is_cost ? "cost · " + std::string(node.op->name) : std::string(node.op->name);
    std::vector<std::string> input_names;
    for (const NodeId input : node.inputs)
      input_names.push_back(graph.node(input).name);
    const std::string expression = formula_with_inputs(node.op->formula, input_names);
    if (expression != node.name) equation = escape_html(node.name + " = " + expression);
  }

  std::string out = "<TABLE BORDER=\"" + std::to_string(style.border_width) +
                    "\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" BGCOLOR=\"" +
                    std::string(style.fill) + "\" COLOR=\"" + std::string(style.border) + "\"" +
                    (node.kind == NodeKind::data ? "" : " STYLE=\"rounded\"") + ">\n";
  out += "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"" + std::string(is_cost ? "16" : "14") +
         "\"><B>" + name + "</B></FONT>  " + caption("<I>" + escape_html(kind_text) + "</I>") +
         end_space(node.name + kind_text) + "</TD></TR>\n";
  if (!equation.empty())
    out += "<TR><TD ALIGN=\"LEFT\">" + equation + end_space(equation) + "</TD></TR>\n";

  const auto named_rows = options.row_names.find(node.name);
  const std::vector<std::string>* row_names =
      named_rows == options.row_names.end() ? nullptr : &named_rows->second;
  const std::string cost_name = cost >= 0 ? escape_html(graph.node(cost).name) : "C";
  const bool has_gradient = node.requires_grad && node.grad().size() > 0;
  if (options.show_values && node.value().size() > 0)
    out += "<HR/>\n" + matrix_rows("value", node.value(), options, is_cost, row_names);
  if (options.show_gradients && has_gradient)
    out += "<HR/>\n" + matrix_rows("∂" + cost_name + "/∂" + name, node.grad(), options);
  out += "</TABLE>";
  return out;
}

// The number of nodes on the longest path through the graph (nodes are in topological
// order: every input's id is below its consumer's).
template <class T>
int depth_of(const Graph<T>& graph) {
  std::vector<int> depth(static_cast<size_t>(graph.size()), 1);
  int deepest = 0;
  for (NodeId id = 0; id < graph.size(); ++id) {
    for (const NodeId input : graph.node(id).inputs)
      depth[static_cast<size_t>(id)] =
          std::max(depth[static_cast<size_t>(id)], depth[static_cast<size_t>(input)] + 1);
    deepest = std::max(deepest, depth[static_cast<size_t>(id)]);
  }
  return deepest;
}

}  // namespace

template <class T>
std::string graph_to_dot(const Graph<T>& graph, const GraphPictureOptions& options) {
  check_options(options);
  const std::string font(kFont);
  const bool left_to_right = depth_of(graph) <= options.max_depth_left_to_right;
  std::string dot = "digraph scratchnet {\n";
  dot += std::string("  graph [rankdir=") + (left_to_right ? "LR" : "TB") +
         ", nodesep=0.3, ranksep=0.45, pad=0.25, bgcolor=white, fontname=\"" + font +
         "\", fontsize=18, labelloc=t, labeljust=l];\n";
  dot += "  node [shape=plain, fontname=\"" + font + "\", fontsize=12];\n";
  dot += "  edge [color=\"#444444\", penwidth=1.2, arrowsize=0.8];\n";
  if (!options.title.empty()) dot += "  label=<<B>" + escape_html(options.title) + "</B><BR/> >;\n";

  const NodeId cost = find_cost_node(graph);
  for (NodeId id = 0; id < graph.size(); ++id) {
    dot += "  n" + std::to_string(id) + " [tooltip=\"" + escape_html(graph.node(id).name) +
           "\", label=<\n" + node_label(graph, id, cost, options) + ">];\n";
  }
  for (const Edge& e : graph.edges())
    dot += "  n" + std::to_string(e.from) + " -> n" + std::to_string(e.to) + ";\n";
  dot += "}\n";
  return dot;
}

namespace {

// libgvc and cgraph keep global state (the error handler, the parser), so one drawing at
// a time; their messages are collected here instead of going to stderr.
std::mutex graphviz_mutex;
std::string graphviz_messages;

int collect_graphviz_message(char* message) {
  graphviz_messages += message;
  return 0;
}

// The first line Graphviz reported, for a one-line error of ours.
std::string first_graphviz_message() {
  std::string text = graphviz_messages;
  const size_t newline = text.find_first_of("\r\n");
  if (newline != std::string::npos) text.resize(newline);
  while (!text.empty() && text.back() == ' ')
    text.pop_back();
  return text.empty() ? "no details given" : text;
}

// One Graphviz context for the whole process, made on first use and never freed: the
// pango plugin of Graphviz 2.42 keeps a pointer to a font name owned by the context that
// first used it, so freeing a context and making another reads freed memory (AddressSanitizer
// finds it). Only called with graphviz_mutex held.
GVC_t* graphviz_context() {
  static GVC_t* const context = gvContext();
  return context;
}

// Frees the layout (if any) and the graph, however drawing ends.
struct LaidOutGraph {
  GVC_t* gvc;
  Agraph_t* graph;
  bool laid_out = false;
  ~LaidOutGraph() {
    if (laid_out) gvFreeLayout(gvc, graph);
    agclose(graph);
  }
};

struct RenderedData {
  char* data = nullptr;
  ~RenderedData() {
    if (data) gvFreeRenderData(data);
  }
};

// Restores Graphviz's previous error handler when drawing ends, however it ends.
struct CollectGraphvizMessages {
  agusererrf previous;
  CollectGraphvizMessages() : previous(agseterrf(&collect_graphviz_message)) {
    graphviz_messages.clear();
  }
  ~CollectGraphvizMessages() { agseterrf(previous); }
};

}  // namespace

std::string render_dot_text(const std::string& dot, const std::string& format,
                            std::string_view what) {
  const std::string where = "cannot draw " + std::string(what) + ": ";
  if (format != "svg" && format != "png" && format != "pdf")
    throw UsageError(where + "unknown picture format '" + format + "' (choose svg, png or pdf)");
  const std::lock_guard lock(graphviz_mutex);
  const CollectGraphvizMessages collect;
  GVC_t* const gvc = graphviz_context();
  if (!gvc) throw Error(where + "Graphviz could not start");
  Agraph_t* parsed = agmemread(dot.c_str());
  if (!parsed) throw Error(where + "the DOT text is not valid: " + first_graphviz_message());
  LaidOutGraph graph{gvc, parsed};
  if (gvLayout(gvc, graph.graph, "dot") != 0)
    throw Error(where + "Graphviz could not lay out the graph: " + first_graphviz_message());
  graph.laid_out = true;
  RenderedData rendered;
  unsigned int length = 0;
  if (gvRenderData(gvc, graph.graph, format.c_str(), &rendered.data, &length) != 0 ||
      !rendered.data)
    throw Error(where + "this Graphviz cannot write " + format +
                (format == "svg" ? "" : " (its cairo plugin, libgvplugin_pango, is missing?)") +
                ": " + first_graphviz_message());
  return std::string(rendered.data, length);
}

void render_dot(const std::string& dot, const std::filesystem::path& path,
                const std::string& format) {
  write_file_atomically(path, render_dot_text(dot, format, "'" + path.string() + "'"));
}

template std::string graph_to_dot(const Graph<float>&, const GraphPictureOptions&);
template std::string graph_to_dot(const Graph<double>&, const GraphPictureOptions&);

}  // namespace scratchnet
