// Pictures of the computational graph: the DOT text (every node, edge, value and gradient)
// and the files Graphviz draws from it.
#include <cstdint>
#include <regex>
#include <set>

#include "scratchnet/viz/graph_picture.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

namespace fs = std::filesystem;

// The article's single OR example after one training step: x = [0, 0], y = 0,
// W = [[0.1, 0.6]], b = [[0]], so ŷ = σ(0) = 0.5 and ∂C/∂z = ∂C/∂b = 0.125.
struct SingleOrExample {
  Sequential<double> model;
  std::unique_ptr<Trainer<double>> trainer;

  SingleOrExample() {
    Matrix<double> w(1, 2);
    w << 0.1, 0.6;
    model.add<LinearLayer<double>>(w, Matrix<double>::Zero(1, 1));
    model.add<SigmoidLayer<double>>();
    trainer = std::make_unique<Trainer<double>>(model, Matrix<double>::Zero(2, 1),
                                                Matrix<double>::Zero(1, 1));
    trainer->train_epoch(1.0);
  }
  const Graph<double>& graph() const { return trainer->graph(); }
};

// Hidden layers of 5 and 3 on 200 random examples: every matrix is too big to print whole.
struct DeepNetworkOn200Examples {
  Sequential<double> model;
  std::unique_ptr<Trainer<double>> trainer;

  DeepNetworkOn200Examples() {
    NumpyRandom rng(7);
    const Matrix<double> X = rng.randn<double>(2, 200);
    const Matrix<double> Y = (X.row(0).array() * X.row(1).array() > 0).cast<double>().matrix();
    NetworkSpec spec;
    spec.hidden = {5, 3};
    model = make_network<double>(spec, rng);
    trainer = std::make_unique<Trainer<double>>(model, X, Y);
    trainer->train_epoch(1.0);
  }
  const Graph<double>& graph() const { return trainer->graph(); }
};

// The statement that declares node `id` in the DOT text, from "n<id> [" to "];".
std::string node_statement(const std::string& dot, NodeId id) {
  const std::string start = "  n" + std::to_string(id) + " [";
  const size_t begin = dot.find(start);
  if (begin == std::string::npos) return "";
  const size_t end = dot.find("];\n", begin);
  return dot.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// The text a reader sees in node `id`: its label without the HTML markup, spaces collapsed.
std::string node_text(const std::string& dot, NodeId id) {
  std::string statement = node_statement(dot, id);
  const size_t label = statement.find("label=<");
  if (label == std::string::npos) return "";
  statement = statement.substr(label + 7);
  std::string text;
  bool in_tag = false;
  for (const char c : statement) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += (c == '\n' ? ' ' : c);
    if (c == '>') in_tag = false, text += ' ';
  }
  std::string collapsed;
  for (const char c : text)
    if (c != ' ' || (!collapsed.empty() && collapsed.back() != ' ')) collapsed += c;
  return collapsed;
}

std::string read_binary(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> folder_entries(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    names.insert(entry.path().filename().string());
  return names;
}

// Runs `draw`, expects an Error whose message names `path`, and returns that message.
template <class Draw>
std::string expect_error_naming(const fs::path& path, Draw draw) {
  try {
    draw();
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
    return message;
  }
  ADD_FAILURE() << "no Error thrown for " << path;
  return "";
}

// Whether this Graphviz can draw `format` (its cairo plugin gives png and pdf).
bool can_render(const std::string& format) {
  const fs::path folder = temp_folder("probe_" + format);
  bool ok = true;
  try {
    render_dot("digraph { a -> b }\n", folder / ("probe." + format), format);
  } catch (const Error&) {
    ok = false;
  }
  fs::remove_all(folder);
  return ok;
}

TEST(GraphPictureDot, NamesEveryNodeAndEveryEdgeOfTheOrGraph) {
  const SingleOrExample example;
  const Graph<double>& g = example.graph();
  const std::string dot = graph_to_dot(g);

  EXPECT_EQ(dot.rfind("digraph", 0), 0u);
  EXPECT_NE(dot.find("rankdir=LR"), std::string::npos);
  ASSERT_EQ(g.size(), 8);  // X, Y, W1, b1, W1·X, Z1, A1, C
  for (NodeId id = 0; id < g.size(); ++id) {
    const std::string text = node_text(dot, id);
    EXPECT_EQ(text.find(g.node(id).name), 0u) << "node " << id << " starts with its name: " << text;
  }
  const std::vector<Edge> edges = g.edges();
  ASSERT_EQ(edges.size(), 7u);  // X, W1 → W1·X; W1·X, b1 → Z1; Z1 → A1; Y, A1 → C
  size_t arrows = 0;
  for (size_t at = dot.find("->"); at != std::string::npos; at = dot.find("->", at + 2))
    ++arrows;
  EXPECT_EQ(arrows, edges.size());
  for (const Edge& e : edges) {
    const std::string arrow = "n" + std::to_string(e.from) + " -> n" + std::to_string(e.to) + ";";
    EXPECT_NE(dot.find(arrow), std::string::npos)
        << g.node(e.from).name << " → " << g.node(e.to).name;
  }
}

TEST(GraphPictureDot, ShowsTheArticlesNumbersOnTheOrGraph) {
  const SingleOrExample example;
  const Graph<double>& g = example.graph();
  const std::string dot = graph_to_dot(g);

  const std::string a1 = node_text(dot, g.find("A1"));
  EXPECT_NE(a1.find("A1 = σ(Z1)"), std::string::npos) << a1;
  EXPECT_NE(a1.find("value = 0.5"), std::string::npos) << a1;  // ŷ = σ(0)
  EXPECT_NE(a1.find("∂C/∂A1 = 0.5"), std::string::npos) << a1;

  const std::string z1 = node_text(dot, g.find("Z1"));
  EXPECT_NE(z1.find("Z1 = W1·X + b1"), std::string::npos) << z1;
  EXPECT_NE(z1.find("value = 0 "), std::string::npos) << z1;
  EXPECT_NE(z1.find("∂C/∂Z1 = 0.125"), std::string::npos) << z1;

  // b after the step is 0 − 1·0.125, written with a true minus sign.
  const std::string b1 = node_text(dot, g.find("b1"));
  EXPECT_NE(b1.find("parameter"), std::string::npos) << b1;
  EXPECT_NE(b1.find("value = −0.125"), std::string::npos) << b1;
  EXPECT_NE(b1.find("∂C/∂b1 = 0.125"), std::string::npos) << b1;

  // W1 is 1×2: printed with its shape, one number per cell; ∂C/∂W = x = 0 here.
  const std::string w1 = node_text(dot, g.find("W1"));
  EXPECT_NE(w1.find("value (1×2) 0.1 0.6"), std::string::npos) << w1;
  EXPECT_NE(w1.find("∂C/∂W1 (1×2) 0 0"), std::string::npos) << w1;

  const std::string cost = node_text(dot, g.find("C"));
  EXPECT_NE(cost.find("cost"), std::string::npos) << cost;
  EXPECT_NE(cost.find("C = 1/(2m)·Σ(Y−A1)²"), std::string::npos) << cost;
  EXPECT_NE(cost.find("value = 0.125"), std::string::npos) << cost;  // ½(0 − 0.5)²
  EXPECT_NE(cost.find("∂C/∂C = 1"), std::string::npos) << cost;
  // The cost stands out: a thicker border than any other node.
  EXPECT_NE(node_statement(dot, g.find("C")).find("BORDER=\"3\""), std::string::npos);
  EXPECT_EQ(node_statement(dot, g.find("Z1")).find("BORDER=\"3\""), std::string::npos);

  // The matmul's formula in its inputs' names is its own name: not repeated as "W1·X = W1·X".
  const std::string matmul = node_text(dot, g.find("W1·X"));
  EXPECT_NE(matmul.find("matmul"), std::string::npos) << matmul;
  EXPECT_EQ(matmul.find("W1·X = W1·X"), std::string::npos) << matmul;
}

TEST(GraphPictureDot, DataNodesHaveNoGradient) {
  const SingleOrExample example;
  const Graph<double>& g = example.graph();
  const std::string dot = graph_to_dot(g);
  for (const char* data : {"X", "Y"}) {
    const std::string text = node_text(dot, g.find(data));
    EXPECT_NE(text.find("data"), std::string::npos) << text;
    EXPECT_NE(text.find("no gradient"), std::string::npos) << text;
    EXPECT_EQ(text.find("∂"), std::string::npos) << text;
  }
  EXPECT_NE(node_text(dot, g.find("X")).find("value (2×1) 0 0"), std::string::npos);
  EXPECT_NE(node_text(dot, g.find("Y")).find("value = 0"), std::string::npos);
}

TEST(GraphPictureDot, OptionsHideValuesOrGradientsAndAddATitle) {
  const SingleOrExample example;
  const Graph<double>& g = example.graph();

  GraphPictureOptions no_gradients;
  no_gradients.show_gradients = false;
  const std::string values_only = graph_to_dot(g, no_gradients);
  EXPECT_EQ(values_only.find("∂"), std::string::npos);
  EXPECT_NE(node_text(values_only, g.find("A1")).find("value = 0.5"), std::string::npos);

  GraphPictureOptions no_values;
  no_values.show_values = false;
  const std::string gradients_only = graph_to_dot(g, no_values);
  EXPECT_EQ(gradients_only.find("value"), std::string::npos);
  EXPECT_NE(node_text(gradients_only, g.find("b1")).find("∂C/∂b1 = 0.125"), std::string::npos);

  EXPECT_EQ(graph_to_dot(g).find("label=<<B>"), std::string::npos);  // no title by default
  GraphPictureOptions titled;
  titled.title = "OR & one <example>";
  const std::string dot = graph_to_dot(g, titled);
  EXPECT_NE(dot.find("label=<<B>OR &amp; one &lt;example&gt;</B>"), std::string::npos);
}

TEST(GraphPictureDot, SignificantDigitsRoundTheNumbers) {
  Graph<double> g;
  g.add_data("third", Matrix<double>::Constant(1, 1, 1.0 / 3.0));
  GraphPictureOptions two_digits;
  two_digits.significant_digits = 2;
  EXPECT_NE(node_text(graph_to_dot(g, two_digits), 0).find("value = 0.33 "), std::string::npos);
  EXPECT_NE(node_text(graph_to_dot(g), 0).find("value = 0.3333 "), std::string::npos);
}

TEST(GraphPictureDot, NegativeZeroIsPrintedAsZero) {
  Graph<double> g;
  g.add_data("zero", Matrix<double>::Constant(1, 1, -0.0));
  const std::string text = node_text(graph_to_dot(g), 0);
  EXPECT_NE(text.find("value = 0 "), std::string::npos) << text;
  EXPECT_EQ(text.find("−"), std::string::npos) << text;
}

TEST(GraphPictureDot, EscapesNamesForHtmlLabels) {
  Graph<double> g;
  g.add_data("a<b>&\"c'", Matrix<double>::Ones(1, 1));
  const std::string dot = graph_to_dot(g);
  EXPECT_NE(dot.find("a&lt;b&gt;&amp;&quot;c&#39;"), std::string::npos) << dot;
  EXPECT_EQ(dot.find("a<b>"), std::string::npos) << dot;
  // Escaped well enough for Graphviz to read it back.
  const fs::path folder = temp_folder("escaped");
  render_dot(dot, folder / "escaped.svg");
  EXPECT_NE(read_file(folder / "escaped.svg").find("a&lt;b&gt;&amp;"), std::string::npos);
  fs::remove_all(folder);
}

TEST(GraphPictureDot, LargeMatricesAreAbbreviatedWithTheirShape) {
  const DeepNetworkOn200Examples example;
  const Graph<double>& g = example.graph();
  const std::string dot = graph_to_dot(g);

  EXPECT_LT(dot.size(), 60'000u) << "200 examples must not make 200 columns of numbers";
  for (NodeId id = 0; id < g.size(); ++id)
    EXPECT_EQ(node_text(dot, id).find(g.node(id).name), 0u) << g.node(id).name;

  const std::string x = node_text(dot, g.find("X"));
  EXPECT_NE(x.find("value (2×200)"), std::string::npos) << x;
  EXPECT_NE(x.find("…"), std::string::npos) << x;  // columns cut short

  const std::string z1 = node_text(dot, g.find("Z1"));
  EXPECT_NE(z1.find("value (5×200)"), std::string::npos) << z1;
  EXPECT_NE(z1.find("┆"), std::string::npos) << z1;  // rows cut short
  EXPECT_NE(z1.find("∂C/∂Z1 (5×200)"), std::string::npos) << z1;

  const std::string b1 = node_text(dot, g.find("b1"));
  EXPECT_NE(b1.find("value (5×1)"), std::string::npos) << b1;
  EXPECT_NE(b1.find("┆"), std::string::npos) << b1;
  EXPECT_EQ(b1.find("…"), std::string::npos) << b1;  // one column: nothing to cut

  // Nothing to cut in a 3×1 bias; the cost is still one plain number.
  EXPECT_EQ(node_text(dot, g.find("b2")).find("┆"), std::string::npos);
  EXPECT_NE(node_text(dot, g.find("C")).find("value = 0."), std::string::npos);

  // Wider limits show more of each matrix.
  GraphPictureOptions wide;
  wide.max_cols = 8;
  wide.max_rows = 8;
  const std::string wide_dot = graph_to_dot(g, wide);
  EXPECT_GT(wide_dot.size(), dot.size());
  EXPECT_EQ(node_text(wide_dot, g.find("Z1")).find("┆"), std::string::npos);
}

TEST(GraphPictureDot, AbbreviationKeepsTheFirstAndLastEntries) {
  Graph<double> g;
  Matrix<double> counting(6, 6);
  for (Index r = 0; r < 6; ++r)
    for (Index c = 0; c < 6; ++c)
      counting(r, c) = static_cast<double>(10 * r + c + 100);
  g.add_data("M", counting);
  const std::string text = node_text(graph_to_dot(g), 0);
  // Rows 0, 1, 2, ┆, 5 and columns 0, 1, 2, …, 5.
  EXPECT_NE(text.find("value (6×6) 100 101 102 … 105 110 111 112 … 115 120 121 122 … 125 ┆ ┆ ┆ ┆ "
                      "150 151 152 … 155"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("103"), std::string::npos) << text;
  EXPECT_EQ(text.find("130"), std::string::npos) << text;
}

TEST(GraphPictureDot, RowNamesLabelTheRowsOfANodesValue) {
  const DeepNetworkOn200Examples example;
  const Graph<double>& g = example.graph();
  GraphPictureOptions named;
  named.row_names["X"] = {"petal <length>", "x2"};
  named.row_names["Z1"] = {"only", "two"};  // Z1 has 5 rows: names that do not fit are left out
  const std::string dot = graph_to_dot(g, named);

  const std::string x = node_text(dot, g.find("X"));
  EXPECT_NE(x.find("petal &lt;length&gt; x2"), std::string::npos) << x;  // escaped, in row order
  EXPECT_LT(x.find("x2"), x.find("value (2×200)") + 100) << x;
  EXPECT_EQ(node_text(dot, g.find("Z1")), node_text(graph_to_dot(g), g.find("Z1")));
  EXPECT_EQ(node_text(graph_to_dot(g), g.find("X")).find("petal"), std::string::npos);
}

TEST(GraphPictureDot, ADeepGraphRunsTopToBottomAShallowOneLeftToRight) {
  const DeepNetworkOn200Examples example;  // X → W1·X → Z1 → A1 → … → C: 11 nodes deep
  const Graph<double>& g = example.graph();
  EXPECT_NE(graph_to_dot(g).find("rankdir=TB"), std::string::npos);
  GraphPictureOptions wide;
  wide.max_depth_left_to_right = 11;
  EXPECT_NE(graph_to_dot(g, wide).find("rankdir=LR"), std::string::npos);
  EXPECT_NE(graph_to_dot(SingleOrExample().graph()).find("rankdir=LR"), std::string::npos);
}

TEST(GraphPictureDot, HeadingsEndInNoBreakSpacesThatGrowWithTheirLength) {
  // Graphviz measures text with rounded glyph advances; viewers draw it wider. The space
  // after a heading keeps it clear of the node's border.
  const std::string dot = graph_to_dot(SingleOrExample().graph());
  EXPECT_NE(dot.find("A1 = σ(Z1)&#160;&#160;</TD>"), std::string::npos) << dot;
  Graph<double> g;
  g.add_data(std::string(40, 'n'), Matrix<double>::Zero(1, 1));
  const std::string long_name = graph_to_dot(g);
  EXPECT_NE(long_name.find("&#160;&#160;&#160;&#160;</TD>"), std::string::npos) << long_name;
}

TEST(GraphPictureDot, WorksForFloatGraphs) {
  Sequential<float> model;
  Matrix<float> w(1, 2);
  w << 0.1f, 0.6f;
  model.add<LinearLayer<float>>(w, Matrix<float>::Zero(1, 1));
  model.add<SigmoidLayer<float>>();
  // The trainer keeps references to X and Y: they must outlive it.
  const Matrix<float> X = Matrix<float>::Zero(2, 1), Y = Matrix<float>::Zero(1, 1);
  Trainer<float> trainer(model, X, Y);
  trainer.train_epoch(1.0f);
  const std::string dot = graph_to_dot(trainer.graph());
  EXPECT_NE(node_text(dot, trainer.graph().find("A1")).find("value = 0.5"), std::string::npos);
  EXPECT_NE(node_text(dot, trainer.graph().find("b1")).find("∂C/∂b1 = 0.125"), std::string::npos);
}

TEST(GraphPictureDot, RejectsOptionsThatCannotBeDrawn) {
  const SingleOrExample example;
  GraphPictureOptions no_rows;
  no_rows.max_rows = 0;
  EXPECT_THROW(graph_to_dot(example.graph(), no_rows), UsageError);
  GraphPictureOptions no_cols;
  no_cols.max_cols = -1;
  EXPECT_THROW(graph_to_dot(example.graph(), no_cols), UsageError);
  GraphPictureOptions no_digits;
  no_digits.significant_digits = 0;
  EXPECT_THROW(graph_to_dot(example.graph(), no_digits), UsageError);
}

TEST(GraphPictureRender, SvgIsCompleteAndShowsEveryNodeName) {
  const SingleOrExample example;
  const Graph<double>& g = example.graph();
  const fs::path folder = temp_folder("svg");
  const fs::path svg_path = folder / "or.svg";
  render_dot(graph_to_dot(g), svg_path);  // svg is the default

  const std::string svg = read_file(svg_path);
  EXPECT_TRUE(svg.rfind("<?xml", 0) == 0 || svg.rfind("<svg", 0) == 0) << svg.substr(0, 80);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  std::smatch size;
  ASSERT_TRUE(
      std::regex_search(svg, size, std::regex("<svg width=\"(\\d+)pt\" height=\"(\\d+)pt\"")))
      << svg.substr(0, 600);
  const int width = std::stoi(size[1]), height = std::stoi(size[2]);
  EXPECT_GT(width, 300);  // eight nodes, left to right
  EXPECT_LT(width, 3000);
  EXPECT_GT(height, 100);
  EXPECT_LT(height, width);
  for (NodeId id = 0; id < g.size(); ++id)
    EXPECT_NE(svg.find(">" + g.node(id).name + "</text>"), std::string::npos) << g.node(id).name;
  // The equation, then only the no-break spaces that keep it clear of the border.
  EXPECT_TRUE(std::regex_search(svg, std::regex(">A1 = σ\\(Z1\\)(\u00a0)+</text>"))) << svg;
  EXPECT_EQ(folder_entries(folder), std::set<std::string>{"or.svg"});
  fs::remove_all(folder);
}

TEST(GraphPictureRender, PngHasItsSignatureAndASensibleSize) {
  if (!can_render("png")) GTEST_SKIP() << "this Graphviz has no png renderer";
  const SingleOrExample example;
  const fs::path folder = temp_folder("png");
  const fs::path png_path = folder / "or.png";
  render_dot(graph_to_dot(example.graph()), png_path, "png");

  const std::string png = read_binary(png_path);
  ASSERT_GT(png.size(), 33u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");  // the first chunk, 13 bytes long
  auto big_endian = [&](size_t at) {
    std::uint32_t value = 0;
    for (size_t i = 0; i < 4; ++i)
      value = (value << 8) | static_cast<unsigned char>(png[at + i]);
    return value;
  };
  const std::uint32_t width = big_endian(16), height = big_endian(20);
  EXPECT_GT(width, 400u);
  EXPECT_LT(width, 5000u);
  EXPECT_GT(height, 150u);
  EXPECT_LT(height, width);
  EXPECT_EQ(folder_entries(folder), std::set<std::string>{"or.png"});
  fs::remove_all(folder);
}

TEST(GraphPictureRender, PdfHasItsSignature) {
  if (!can_render("pdf")) GTEST_SKIP() << "this Graphviz has no pdf renderer";
  const SingleOrExample example;
  const fs::path folder = temp_folder("pdf");
  render_dot(graph_to_dot(example.graph()), folder / "or.pdf", "pdf");
  const std::string pdf = read_binary(folder / "or.pdf");
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
  fs::remove_all(folder);
}

TEST(GraphPictureRender, ReplacesAnExistingFileAndLeavesNothingElse) {
  const SingleOrExample example;
  const fs::path folder = temp_folder("replace");
  const fs::path path = folder / "graph.svg";
  std::ofstream(path) << "an older picture";
  const std::string dot = graph_to_dot(example.graph());
  render_dot(dot, path);
  render_dot(dot, path);  // drawing twice is fine
  EXPECT_NE(read_file(path).find("</svg>"), std::string::npos);
  EXPECT_EQ(read_file(path).find("an older picture"), std::string::npos);
  EXPECT_EQ(folder_entries(folder), std::set<std::string>{"graph.svg"});
  fs::remove_all(folder);
}

TEST(GraphPictureRender, UnwritablePathIsAnErrorNamingIt) {
  const fs::path folder = temp_folder("unwritable");
  const fs::path missing_folder = folder / "no such folder" / "graph.svg";
  const std::string dot = graph_to_dot(SingleOrExample().graph());
  const std::string message =
      expect_error_naming(missing_folder, [&] { render_dot(dot, missing_folder); });
  EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;

  // A folder where the file should go cannot be replaced by a picture either.
  const fs::path folder_in_the_way = folder / "taken.svg";
  fs::create_directory(folder_in_the_way);
  expect_error_naming(folder_in_the_way, [&] { render_dot(dot, folder_in_the_way); });
  EXPECT_TRUE(fs::is_directory(folder_in_the_way));
  EXPECT_EQ(folder_entries(folder), std::set<std::string>{"taken.svg"});
  fs::remove_all(folder);
}

TEST(GraphPictureRender, BadDotIsAnErrorNamingTheFileAndGraphvizStaysQuiet) {
  const fs::path folder = temp_folder("bad_dot");
  const fs::path path = folder / "broken.svg";
  ::testing::internal::CaptureStderr();
  const std::string message =
      expect_error_naming(path, [&] { render_dot("digraph { a -> ; }", path); });
  const std::string graphviz_stderr = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(message.find("DOT"), std::string::npos) << message;
  EXPECT_NE(message.find("syntax error"), std::string::npos) << message;  // Graphviz's reason
  EXPECT_EQ(graphviz_stderr, "");
  EXPECT_TRUE(folder_entries(folder).empty());

  // Graphviz keeps working after an error.
  render_dot("digraph { a -> b }", path);
  EXPECT_NE(read_file(path).find("</svg>"), std::string::npos);
  fs::remove_all(folder);
}

TEST(GraphPictureRender, UnknownFormatIsAUsageErrorNamingTheFile) {
  const fs::path folder = temp_folder("format");
  const fs::path path = folder / "graph.gif";
  const std::string message =
      expect_error_naming(path, [&] { render_dot("digraph { a -> b }", path, "gif"); });
  EXPECT_NE(message.find("'gif'"), std::string::npos) << message;
  EXPECT_NE(message.find("svg, png or pdf"), std::string::npos) << message;
  EXPECT_THROW(render_dot("digraph { a -> b }", path, "gif"), UsageError);
  EXPECT_TRUE(folder_entries(folder).empty());
  fs::remove_all(folder);
}

TEST(GraphPictureRender, DrawsTheLargeGraph) {
  const DeepNetworkOn200Examples example;
  const fs::path folder = temp_folder("large");
  render_dot(graph_to_dot(example.graph()), folder / "deep.svg");
  const std::string svg = read_file(folder / "deep.svg");
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("(5×200)</text>"), std::string::npos);
  EXPECT_LT(svg.size(), 500'000u);
  fs::remove_all(folder);
}

}  // namespace
}  // namespace scratchnet::testing
