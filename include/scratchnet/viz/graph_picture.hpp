// A picture of the computational graph, drawn by Graphviz: data, parameter and operation
// nodes and the cost, each labelled with its forward value and, after a backward pass, its
// gradient — the article's figures with a number on every node.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "scratchnet/graph/graph.hpp"

namespace scratchnet {

struct GraphPictureOptions {
  std::string title;           // shown above the graph; empty for none
  bool show_values = true;     // forward values on every node
  bool show_gradients = true;  // ∂C/∂node on nodes that have one
  int max_rows = 4;            // larger matrices are abbreviated with … (and their shape)
  int max_cols = 4;
  int significant_digits = 4;
  // A name for each row of a node's value, by node name: X's rows are the features
  // (x1, x2, x1*x2), and a reader should not have to count them. Ignored where the count
  // does not match the node's rows.
  std::map<std::string, std::vector<std::string>> row_names;
  // Graphs deeper than this many nodes from data to cost are drawn top to bottom: left to
  // right, as the article draws them, a deep network is a strip too wide to read.
  int max_depth_left_to_right = 10;
};

// The graph in the DOT language.
template <class T>
std::string graph_to_dot(const Graph<T>& graph, const GraphPictureOptions& options = {});

// Lays out `dot` with Graphviz's dot engine and writes it to `path` as "svg", "png" or
// "pdf", atomically. Throws Error naming the file on failure.
void render_dot(const std::string& dot, const std::filesystem::path& path,
                const std::string& format = "svg");
// The same picture in memory (a page shows it): `what` names it in messages.
std::string render_dot_text(const std::string& dot, const std::string& format = "svg",
                            std::string_view what = "the graph");

}  // namespace scratchnet
