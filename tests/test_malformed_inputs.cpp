// Every input validated at the door: malformed CSV, IDX, --init-params and model files and
// bad flags, run through the CLI as a user runs it, one row each.
//
// For every row that must fail: its exit code (2 for usage and data errors); stderr is one
// line, "scratchnet: error: …", holding the row's key words (the file and the line, column
// or field where there is one) and nothing of a crash or of a library's raw message; stdout
// is empty (every error here is found before training starts); and the run leaves its
// folder as it found it: no --out folder, output file or temporary file is left behind by a
// run that failed. Rows that must succeed (exit 0) are accepted variants of the same inputs.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "scratchnet/scratchnet.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

using namespace std::string_literals;  // "a\0b"s keeps its NUL bytes

// A file to create before the run, relative to the row's folder. A path ending in '/' is
// made as a directory.
struct File {
  std::string path;
  std::string bytes{};
};

struct Row {
  std::string name;
  std::vector<File> files;
  std::string args;  // "{dir}" is the row's folder
  int exit_code = 2;
  std::vector<std::string> words{};  // in stderr for a failure, in stdout for a success
};

// An IDX file: the magic 00 00 08 <ndims>, big-endian sizes, then `data` (unsigned bytes).
std::string idx(const std::vector<std::uint32_t>& dims, const std::string& data) {
  std::string out = {'\0', '\0', '\x08', static_cast<char>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8)
      out += static_cast<char>((d >> shift) & 0xFF);
  return out + data;
}

// `bytes` gzip-compressed, in memory.
std::string gzip(const std::string& bytes) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, bytes.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A tiny MNIST-format folder `dir`: 6 training images of 2×2 pixels, 3 test images, classes
// 0, 1, 2; `replace` swaps one file's bytes (an empty string leaves the file out).
std::vector<File> mnist(const std::string& dir, const std::map<std::string, std::string>& replace,
                        bool gzipped = true) {
  const std::map<std::string, std::string> files = {
      {"train-images-idx3-ubyte", idx({6, 2, 2}, std::string("\xff\0\0\0\0\xff\0\0\0\0\xff\0"
                                                             "\xf0\0\0\0\0\xf0\0\0\0\0\xf0\0",
                                                             24))},
      {"train-labels-idx1-ubyte", idx({6}, "\0\1\2\0\1\2"s)},
      {"t10k-images-idx3-ubyte", idx({3, 2, 2}, "\xff\0\0\0\0\xff\0\0\0\0\xff\0"s)},
      {"t10k-labels-idx1-ubyte", idx({3}, "\0\1\2"s)},
  };
  std::vector<File> out = {{dir + "/"}};
  for (const auto& [stem, bytes] : files) {
    const auto swapped = replace.find(stem);
    if (swapped != replace.end() && swapped->second.empty()) continue;
    const std::string content = swapped != replace.end() ? swapped->second : bytes;
    if (gzipped)
      out.push_back({dir + "/" + stem + ".gz", gzip(content)});
    else
      out.push_back({dir + "/" + stem, content});
  }
  return out;
}

// A model file as save_model writes it (valid checksum and layout) from its JSON fields.
std::string model_file(const std::string& layers, const std::string& scalar = "float64",
                       int version = 1) {
  return resign_model_json(R"({"format": "scratchnet-model", "version": )" +
                           std::to_string(version) + R"(, "scalar": ")" + scalar +
                           R"(", "features": ["x1", "x2"], "crosses": [], "layers": )" + layers +
                           R"(, "checksum": ""})");
}

const std::string kLayers =
    R"([{"type": "linear", "inputs": 2, "outputs": 1, "W": [[4, 4]], "b": [[-2]]},
        {"type": "sigmoid"}])";
const std::string kModel = model_file(kLayers);

// The model with one digit of its weights changed after saving.
std::string corrupted(std::string text) {
  text[text.find("[[4, 4]]") + 2] = '5';
  return text;
}

const File kPoints = {"in.csv", "x1,x2\n0,1\n1,1\n"};
const File kXorCsv = {"xor.csv", "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"};
const std::string kTrain = "train --epochs 3 --quiet ";
const std::string kPredict = "predict --model {dir}/m.json --input {dir}/in.csv";
const std::string kOrHidden3 = kTrain + "--data or --hidden 3 --init-params {dir}/p.json";

std::vector<Row> rows() {
  return {
      // CSV data: each error names the file, the line and the column where there is one.
      {"csv_empty", {{"d.csv", ""}}, kTrain + "--data {dir}/d.csv", 2, {"d.csv", "empty"}},
      {"csv_header_only",
       {{"d.csv", "x1,x2,y\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv: line 1", "no examples"}},
      {"csv_blank_lines_only",
       {{"d.csv", "\n\r\n\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv", "only blank lines"}},
      {"csv_row_too_short",
       {{"d.csv", "x1,x2,y\n0,1,1\n1,1\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv: line 3", "2 cells, expected 3"}},
      {"csv_row_too_long",
       {{"d.csv", "x1,x2,y\n0,1,1\n1,1,0,4\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv: line 3", "4 cells, expected 3"}},
      {"csv_ragged_row_after_crlf",
       {{"d.csv", "x1,x2,y\r\n0,1,1\r\n\r\n1\r\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv: line 4", "1 cell"}},
      {"csv_non_numeric_cell",
       {{"d.csv", "x1,x2,y\n0,abc,1\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv: line 2, column 2 (x2)", "'abc' is not a number"}},
      {"csv_nan_cell",
       {{"d.csv", "x1,x2,y\n0,1,1\nNaN,0,0\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv: line 3, column 1 (x1)", "'NaN' is not a finite number"}},
      {"csv_inf_cell",
       {{"d.csv", "x1,x2,y\n0,inf,1\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"line 2, column 2 (x2)", "'inf' is not a finite number"}},
      {"csv_minus_inf_cell",
       {{"d.csv", "x1,x2,y\n0,-inf,1\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"line 2, column 2 (x2)", "'-inf'"}},
      {"csv_number_too_large",
       {{"d.csv", "x1,x2,y\n1e400,0,1\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"line 2, column 1 (x1)", "'1e400'", "too large"}},
      {"csv_target_column_missing",
       {kXorCsv},
       kTrain + "--data {dir}/xor.csv --target nope",
       2,
       {"xor.csv", "no column named 'nope'", "x1, x2, y"}},
      {"csv_duplicate_column_name",
       {{"d.csv", "x1,x1,y\n0,1,1\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv: line 1, column 2 (x1)", "duplicate column name"}},
      {"csv_only_one_column",
       {{"d.csv", "y\n1\n0\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv", "only one column"}},
      {"csv_label_2_for_mse",
       {{"d.csv", "x1,x2,y\n0,1,1\n1,1,2\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv: line 3, column 3 (y)", "label '2'", "expected 0 or 1",
        "; for class indices 0, 1, 2, … use --loss softmax-ce"}},
      {"csv_label_text",
       {{"d.csv", "x1,x2,y\n0,1,cat\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv: line 2, column 3 (y): label 'cat' is text, but labels are numbers: 0 or 1 for a "
        "sigmoid output, or class indices 0, 1, 2, … for softmax-ce; number the classes first"}},
      {"flag_mistyped",
       {},
       "train --data xor --hiden 3",
       2,
       {"scratchnet: error: unknown option --hiden; did you mean --hidden? (see scratchnet "
        "train --help)"}},
      {"flag_mistyped_with_value",
       {},
       "predict --modle=m.json --input x.csv",
       2,
       {"unknown option --modle; did you mean --model?"}},
      {"flag_unknown",
       {},
       "train --data xor --zzzzzz",
       2,
       {"scratchnet: error: unknown option --zzzzzz (see scratchnet train --help)"}},
      {"csv_label_2_for_bce",
       {{"d.csv", "x1,x2,y\n0,1,2\n"}},
       kTrain + "--data {dir}/d.csv --loss bce",
       2,
       {"line 2, column 3 (y)", "label '2'", "expected 0 or 1"}},
      {"csv_label_half_for_softmax",
       {{"d.csv", "x1,x2,y\n0,1,1\n1,1,0.5\n"}},
       kTrain + "--data {dir}/d.csv --loss softmax-ce",
       2,
       {"line 3, column 3 (y)", "label '0.5'", "class index"}},
      {"csv_negative_class",
       {{"d.csv", "x1,x2,y\n0,1,-1\n"}},
       kTrain + "--data {dir}/d.csv --loss softmax-ce",
       2,
       {"line 2, column 3 (y)", "label '-1'", "class index"}},
      {"csv_empty_label_cell",
       {{"d.csv", "x1,x2,y\n0,1,\n"}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"line 2, column 3 (y)", "empty cell"}},
      {"csv_binary_garbage",
       {{"d.csv", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s}},
       kTrain + "--data {dir}/d.csv",
       2,
       {"d.csv", "NUL byte", "binary"}},
      {"csv_missing_file",
       {},
       kTrain + "--data {dir}/missing.csv",
       2,
       {"missing.csv", "cannot open the file"}},
      {"csv_directory",
       {{"folder.csv/"}},
       kTrain + "--data {dir}/folder.csv",
       2,
       {"folder.csv", "is a directory, expected a CSV file"}},
      {"csv_evaluate_label_outside_0_1",
       {{"m.json", kModel}, {"d.csv", "x1,x2,y\n0,1,3\n"}},
       "evaluate --model {dir}/m.json --data {dir}/d.csv",
       2,
       {"d.csv: line 2, column 3 (y)", "label '3'"}},
      {"csv_predict_input_nan",
       {{"m.json", kModel}, {"in.csv", "x1,x2\n0,nan\n"}},
       kPredict,
       2,
       {"in.csv: line 2, column 2 (x2)", "not a finite number"}},

      // IDX files, through a folder of MNIST-format files.
      {"idx_wrong_magic",
       mnist("mnist", {{"train-images-idx3-ubyte", "\x12\x34\x08\x03" + idx({6, 2, 2}, "")}}),
       kTrain + "--data {dir}/mnist --loss softmax-ce",
       2,
       {"train-images-idx3-ubyte.gz", "starts with the bytes 12 34 08 03"}},
      {"idx_truncated_body",
       mnist("mnist", {{"train-images-idx3-ubyte", idx({6, 2, 2}, std::string(10, '\1'))}}),
       kTrain + "--data {dir}/mnist --loss softmax-ce",
       2,
       {"train-images-idx3-ubyte.gz", "truncated", "found 10"}},
      {"idx_label_count_differs",
       mnist("mnist", {{"train-labels-idx1-ubyte", idx({5}, "\0\1\2\0\1"s)}}),
       kTrain + "--data {dir}/mnist --loss softmax-ce",
       2,
       {"train-images-idx3-ubyte.gz: 6 images", "train-labels-idx1-ubyte.gz has 5 labels"}},
      {"idx_labels_with_two_dimensions",
       mnist("mnist", {{"t10k-labels-idx1-ubyte", idx({3, 1}, "\0\1\2"s)}}),
       kTrain + "--data {dir}/mnist --loss softmax-ce",
       2,
       {"t10k-labels-idx1-ubyte.gz", "expected 1 for labels"}},
      {"idx_empty_file",
       [] {
         std::vector<File> files = mnist("mnist", {}, false);
         for (File& f : files)
           if (f.path.ends_with("train-labels-idx1-ubyte")) f.bytes.clear();
         return files;
       }(),
       kTrain + "--data {dir}/mnist --loss softmax-ce",
       2,
       {"train-labels-idx1-ubyte: the file is empty"}},
      {"idx_gzip_cut_short",
       [] {
         std::vector<File> files = mnist("mnist", {});
         for (File& f : files)
           if (f.path.find("train-images") != std::string::npos) f.bytes.resize(f.bytes.size() / 2);
         return files;
       }(),
       kTrain + "--data {dir}/mnist --loss softmax-ce",
       2,
       {"train-images-idx3-ubyte.gz"}},
      {"idx_missing_file",
       mnist("mnist", {{"t10k-labels-idx1-ubyte", ""}}),
       kTrain + "--data {dir}/mnist --loss softmax-ce",
       2,
       {"t10k-labels-idx1-ubyte.gz: missing", "MNIST-format folder"}},
      {"idx_test_images_of_another_size",
       mnist("mnist", {{"t10k-images-idx3-ubyte", idx({3, 1, 2}, "\0\1\2\3\4\5"s)}}),
       kTrain + "--data {dir}/mnist --loss softmax-ce",
       2,
       {"t10k-images-idx3-ubyte.gz: images of 2 pixels", "expected the same size"}},
      {"idx_folder_with_target",
       mnist("mnist", {}),
       kTrain + "--data {dir}/mnist --loss softmax-ce --target y",
       2,
       {"--target", "folder of IDX files"}},
      {"idx_folder_with_validation_split",
       mnist("mnist", {}),
       kTrain + "--data {dir}/mnist --loss softmax-ce --validation-split 0.2",
       2,
       {"--validation-split", "test split of its own"}},

      // --init-params: the file, the layer and the field.
      {"params_not_json",
       {{"p.json", "[{\"W\": [[0.1, 0.6]], "}},
       kOrHidden3,
       2,
       {"p.json: not valid JSON", "line 1"}},
      {"params_top_level_object",
       {{"p.json", R"({"W": [[1, 2]], "b": [[0]]})"}},
       kOrHidden3,
       2,
       {"p.json", "expected a list", "found an object"}},
      {"params_empty_list", {{"p.json", "[]"}}, kOrHidden3, 2, {"p.json", "found an empty list"}},
      {"params_wrong_layer_count",
       {{"p.json", R"([{"W": [[1, 2], [3, 4], [5, 6]], "b": [[0], [0], [0]]}])"}},
       kOrHidden3,
       2,
       {"p.json", "parameters for 1 linear layer", "the network has 2"}},
      {"params_W_of_wrong_shape",
       {{"p.json", R"([{"W": [[1, 2, 3]], "b": [[0]]}])"}},
       kTrain + "--data or --init-params {dir}/p.json",
       2,
       {"p.json: layer 1", "needs W 1×2", "got W 1×3"}},
      {"params_layers_do_not_chain",
       {{"p.json",
         R"([{"W": [[1, 2], [3, 4], [5, 6]], "b": [[0], [0], [0]]}, {"W": [[1, 2, 3, 4]], "b": [[0]]}])"}},
       kOrHidden3,
       2,
       {"p.json: layer 2's W (1×4) takes 4 inputs", "layer 1's W (3×2) gives 3"}},
      {"params_ragged_W",
       {{"p.json", R"([{"W": [[1, 2], [3]], "b": [[0], [0]]}])"}},
       kOrHidden3,
       2,
       {"p.json: layer 1 \"W\": row 2 has 1 number, expected 2"}},
      {"params_string_entry",
       {{"p.json", R"([{"W": [["a", 2]], "b": [[0]]}])"}},
       kOrHidden3,
       2,
       {"p.json: layer 1 \"W\": row 1, column 1 is \"a\", expected a number"}},
      {"params_null_entry",
       {{"p.json", R"([{"W": [[1, 2]], "b": [[null]]}])"}},
       kOrHidden3,
       2,
       {"p.json: layer 1 \"b\": row 1, column 1 is null"}},
      {"params_nan_literal",
       {{"p.json", R"([{"W": [[NaN, 2]], "b": [[0]]}])"}},
       kOrHidden3,
       2,
       {"p.json: not valid JSON", "line 1, column 10", "invalid literal"}},
      {"params_number_overflow",
       {{"p.json", R"([{"W": [[1e999, 2]], "b": [[0]]}])"}},
       kOrHidden3,
       2,
       {"p.json: not valid JSON", "1e999"}},
      {"params_missing_b",
       {{"p.json", R"([{"W": [[1, 2]]}])"}},
       kOrHidden3,
       2,
       {"p.json: layer 1", "\"W\" and \"b\""}},
      {"params_directory", {{"p.json/"}}, kOrHidden3, 2, {"p.json", "is a directory"}},
      {"params_missing_file",
       {},
       kOrHidden3,
       2,
       {"p.json: no such file, expected a parameters file"}},

      // Model files for predict and evaluate: the file and the field.
      {"model_missing", {kPoints}, kPredict, 2, {"m.json: no such file"}},
      {"model_directory", {{"m.json/"}, kPoints}, kPredict, 2, {"m.json: is a directory"}},
      {"model_empty", {{"m.json", ""}, kPoints}, kPredict, 2, {"m.json: the file is empty"}},
      {"model_not_json",
       {{"m.json", "model, version 1\n"}, kPoints},
       kPredict,
       2,
       {"m.json: not valid JSON", "line 1, column 1"}},
      {"model_not_an_object",
       {{"m.json", "[1, 2]\n"}, kPoints},
       kPredict,
       2,
       {"m.json: not a scratchnet model", "a list"}},
      {"model_wrong_version",
       {{"m.json", model_file(kLayers, "float64", 3)}, kPoints},
       kPredict,
       2,
       {"m.json: version 3 is not supported"}},
      {"model_checksum_mismatch",
       {{"m.json", corrupted(kModel)}, kPoints},
       kPredict,
       2,
       {"m.json: checksum mismatch"}},
      {"model_wrong_dtype",
       {{"m.json", model_file(kLayers, "float16")}, kPoints},
       kPredict,
       2,
       {"m.json: scalar is \"float16\", expected \"float64\""}},
      {"model_layers_do_not_chain",
       {{"m.json", model_file(R"([{"type": "linear", "inputs": 2, "outputs": 3,
                         "W": [[1, 2], [3, 4], [5, 6]], "b": [[0], [0], [0]]},
                        {"type": "sigmoid"},
                        {"type": "linear", "inputs": 4, "outputs": 1, "W": [[1, 2, 3, 4]],
                         "b": [[0]]}])")},
        kPoints},
       kPredict,
       2,
       {"m.json: layers[2].inputs is 4, expected 3 (layers[0].outputs)"}},
      {"model_for_evaluate_missing",
       {},
       "evaluate --model {dir}/m.json --data xor",
       2,
       {"m.json: no such file"}},
      {"predict_output_under_a_file",
       {{"m.json", kModel}, kPoints, {"file", "x"}},
       kPredict + " --output {dir}/file/out.csv",
       2,
       {"--output", "file/out.csv"}},

      // Flags: each named with its dashes.
      {"flag_lr_negative", {}, kTrain + "--lr -1", 2, {"--lr", "positive", "got -1"}},
      {"flag_lr_zero", {}, kTrain + "--lr 0", 2, {"--lr", "got 0"}},
      {"flag_lr_nan", {}, kTrain + "--lr nan", 2, {"--lr", "got nan"}},
      {"flag_lr_text", {}, kTrain + "--lr fast", 2, {"--lr: found 'fast', expected a number"}},
      {"flag_epochs_zero", {}, "train --epochs 0", 2, {"--epochs must be at least 1, got 0"}},
      {"flag_epochs_negative", {}, "train --epochs -5", 2, {"--epochs", "got -5"}},
      {"flag_epochs_text", {}, "train --epochs abc", 2, {"--epochs: found 'abc'", "integer"}},
      {"flag_epochs_too_large", {}, "train --epochs 1e99", 2, {"--epochs: found '1e99'"}},
      {"flag_hidden_empty_item", {}, kTrain + "--hidden 3,,2", 2, {"--hidden", "''"}},
      {"flag_hidden_zero", {}, kTrain + "--hidden 0", 2, {"--hidden", "at least 1", "got 0"}},
      {"flag_hidden_negative", {}, kTrain + "--hidden -1", 2, {"--hidden", "got -1"}},
      {"flag_hidden_text", {}, kTrain + "--hidden abc", 2, {"--hidden", "'abc'"}},
      {"flag_unknown_activation", {}, kTrain + "--activation swish", 2, {"'swish'", "relu"}},
      {"flag_unknown_loss", {}, kTrain + "--loss hinge", 2, {"'hinge'", "softmax-ce"}},
      {"flag_unknown_init", {}, kTrain + "--init glorot", 2, {"'glorot'", "xavier"}},
      {"flag_unknown_optimizer", {}, kTrain + "--optimizer lion", 2, {"--optimizer"}},
      {"flag_unknown_lr_decay", {}, kTrain + "--lr-decay cosine", 2, {"--lr-decay", "'cosine'"}},
      {"flag_batch_negative", {}, kTrain + "--batch -1", 2, {"--batch must be", "got -1"}},
      {"flag_l2_negative", {}, kTrain + "--l2 -1", 2, {"--l2 must be", "got -1"}},
      {"flag_momentum_above_1",
       {},
       kTrain + "--optimizer momentum --momentum 1.5",
       2,
       {"--momentum", "1.5"}},
      {"flag_validation_split_1",
       {},
       kTrain + "--validation-split 1.0",
       2,
       {"--validation-split", "between 0 and 1"}},
      {"flag_validation_split_negative",
       {},
       kTrain + "--validation-split -0.1",
       2,
       {"--validation-split -0.1"}},
      {"flag_threads_zero", {}, kTrain + "--threads 0", 2, {"--threads", "got 0"}},
      {"flag_cross_missing_feature",
       {},
       kTrain + "--cross 0*5",
       2,
       {"cross 0*5", "feature 5", "only 2 features"}},
      {"flag_plot_format_gif",
       {},
       kTrain + "--plot-format gif --out {dir}/run",
       2,
       {"'gif'", "png, svg or pdf"}},
      {"flag_graph_without_out", {}, kTrain + "--graph", 2, {"--graph needs --out"}},
      {"flag_unknown_dataset", {}, kTrain + "--data nand", 2, {"unknown dataset 'nand'"}},
      {"flag_unknown_flag", {}, kTrain + "--epoch 3", 2, {"--epoch"}},
      {"flag_out_under_a_regular_file",
       {{"file", "x"}},
       kTrain + "--out {dir}/file/out",
       2,
       {"--out", "file/out"}},
      {"flag_out_is_a_regular_file", {{"file", "x"}}, kTrain + "--out {dir}/file", 2, {"--out"}},
      {"flag_out_left_as_found_when_data_fails",
       {},
       kTrain + "--data {dir}/missing.csv --out {dir}/run/deeper",
       2,
       {"missing.csv"}},
      {"flag_out_left_as_found_when_params_fail",
       {{"p.json", "[]"}},
       kOrHidden3 + " --out {dir}/run",
       2,
       {"p.json"}},
      {"flag_sweep_rate_zero", {}, "sweep --lr 0,1 --out {dir}/s", 2, {"--lr", "got 0"}},
      {"flag_sweep_bad_data_leaves_no_out",
       {{"d.csv", "x1,x2,y\n"}},
       "sweep --lr 1 --epochs 3 --data {dir}/d.csv --out {dir}/s",
       2,
       {"d.csv"}},
      {"flag_explain_example_outside",
       {},
       "explain --data or --example 9",
       2,
       {"--example 9", "0 to 3"}},

      // Accepted variants: these must succeed.
      {"ok_csv_bom_crlf_no_final_newline",
       {{"d.csv", "\xef\xbb\xbfx1,x2,y\r\n0,0,0\r\n0,1,1\r\n1,0,1\r\n1,1,1"}},
       kTrain + "--data {dir}/d.csv",
       0,
       {"accuracy"}},
      {"ok_csv_quoted_cells_blank_lines_spaces",
       {{"d.csv", "\"x1\", \"x2\" ,y\n\n\"0\",\"1\", 1\n 1 ,\t0,1\n\n0,0,0\n"}},
       kTrain + "--data {dir}/d.csv",
       0,
       {"accuracy"}},
      {"ok_csv_target_first_column",
       {{"d.csv", "y,x1,x2\n0,0,0\n1,0,1\n1,1,0\n1,1,1\n"}},
       kTrain + "--data {dir}/d.csv --target y --out {dir}/run",
       0,
       {"accuracy"}},
      {"ok_idx_folder_gzipped",
       mnist("mnist", {}),
       kTrain + "--data {dir}/mnist --loss softmax-ce --hidden 4",
       0,
       {"test accuracy"}},
      {"ok_idx_folder_raw",
       mnist("mnist", {}, false),
       kTrain + "--data {dir}/mnist --loss softmax-ce",
       0,
       {"test accuracy"}},
      {"ok_params_from_file",
       {{"p.json", R"([{"W": [[0.1, 0.6]], "b": [[0]]}])"}},
       kTrain + "--data or --init-params {dir}/p.json",
       0,
       {"accuracy"}},
      {"ok_model_predicts", {{"m.json", kModel}, kPoints}, kPredict, 0, {"probability"}},
      {"ok_float32_model_predicts",
       {{"m.json", model_file(kLayers, "float32")}, kPoints},
       kPredict,
       0,
       {"probability"}},
  };
}

// Every path under `dir` with its size (-1 for a folder): what a failing run must not change.
std::map<std::string, std::intmax_t> listing(const std::filesystem::path& dir) {
  std::map<std::string, std::intmax_t> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    files[std::filesystem::relative(entry.path(), dir).string()] =
        entry.is_directory() ? -1 : static_cast<std::intmax_t>(entry.file_size());
  return files;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// gtest shows a failing row by its name.
void PrintTo(const Row& row, std::ostream* out) {
  *out << row.name;
}

class MalformedInputs : public ::testing::TestWithParam<Row> {};

TEST_P(MalformedInputs, OneClearLineAndTheRightExitCode) {
  const Row& row = GetParam();
  const auto dir = temp_folder("malformed_" + row.name);
  for (const File& file : row.files) {
    if (file.path.ends_with('/'))
      std::filesystem::create_directories(dir / file.path);
    else
      std::ofstream(dir / file.path, std::ios::binary) << file.bytes;
  }
  const auto before = listing(dir);
  const std::string args = replaced(row.args, "{dir}", dir.string());
  const CliResult r = run_cli(args);
  const std::string shown = "scratchnet " + args + "\nstdout: " + r.out + "\nstderr: " + r.err;

  EXPECT_EQ(r.exit_code, row.exit_code) << shown;
  if (row.exit_code == 0) {
    EXPECT_TRUE(r.err.empty()) << shown;
    for (const std::string& word : row.words)
      EXPECT_NE(r.out.find(word), std::string::npos) << "expected in stdout: " << word << "\n"
                                                     << shown;
  } else {
    EXPECT_TRUE(r.err.starts_with("scratchnet: error: ")) << shown;
    EXPECT_TRUE(r.err.ends_with("\n")) << shown;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line\n" << shown;
    for (const std::string& word : row.words)
      EXPECT_NE(r.err.find(word), std::string::npos) << "expected in stderr: " << word << "\n"
                                                     << shown;
    // Nothing of a crash, an uncaught exception or a library's raw message.
    for (const char* raw : {"terminate called", "what()", "Could not convert", "json.exception",
                            "Assertion", "Eigen", "std::", "Aborted"})
      EXPECT_EQ(r.err.find(raw), std::string::npos) << "found " << raw << "\n" << shown;
    EXPECT_TRUE(r.out.empty()) << "no partial results\n" << shown;
    // A failing run leaves its folder as it found it: no --out folder, no output or
    // temporary file.
    EXPECT_EQ(listing(dir), before) << shown;
  }
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Cli, MalformedInputs, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& row) { return row.param.name; });

TEST(MalformedInputsTable, HoldsAtLeastFortyMalformedInputs) {
  const std::vector<Row> all = rows();
  const auto failing =
      std::count_if(all.begin(), all.end(), [](const Row& r) { return r.exit_code != 0; });
  EXPECT_GE(failing, 40);
  std::vector<std::string> names;
  for (const Row& r : all)
    names.push_back(r.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end()) << "names are unique";
}

}  // namespace
}  // namespace scratchnet::testing
