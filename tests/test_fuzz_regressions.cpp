// Every input a fuzzer ever crashed on (fuzz/regressions/<harness>/) and every seed
// (fuzz/corpus/<harness>/), fed to its reader through the file functions, as the fuzz
// harnesses do in memory: each must be read or refused with a DataError (set_params: a
// ShapeError), never crash or throw anything else. Under ASan+UBSan (build-sanitize) a
// memory or undefined-behaviour error fails the run as it failed the fuzzer.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <typeinfo>
#include <vector>

#include "scratchnet/data/csv.hpp"
#include "scratchnet/data/idx.hpp"
#include "scratchnet/io/io.hpp"
#include "scratchnet/io/model_file.hpp"
#include "scratchnet/run/playground.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kFuzzDir = SCRATCHNET_FUZZ_DIR;

// The files of fuzz/<kind>/<harness>/, sorted, or none if the folder does not exist.
std::vector<fs::path> files_of(const std::string& kind, const std::string& harness) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kFuzzDir / kind / harness, ec))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<fs::path> inputs_of(const std::string& harness) {
  std::vector<fs::path> files = files_of("regressions", harness);
  for (const fs::path& seed : files_of("corpus", harness))
    files.push_back(seed);
  return files;
}

// Runs `read`; a DataError (or an Error of type E) is a refusal, anything else a failure.
// Returns whether `read` succeeded.
template <class E = DataError, class F>
bool read_or_refuse(const fs::path& input, const std::string& what, F&& read) {
  try {
    read();
    return true;
  } catch (const E& e) {
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos)
        << input << ": " << what << ": a message of more than one line: " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << input << ": " << what << " threw " << typeid(e).name() << ": " << e.what()
                  << "; expected success or a " << typeid(E).name();
  }
  return false;
}

void write_bytes(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

// An IDX file of unsigned bytes with these sizes and data.
std::vector<std::uint8_t> idx_file(const std::vector<std::uint32_t>& dims,
                                   std::vector<std::uint8_t> data) {
  std::vector<std::uint8_t> out = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  for (const std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<std::uint8_t>(d >> shift));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

TEST(FuzzRegressions, EveryHarnessHasInputs) {
  for (const std::string harness : {"csv", "idx", "model", "init_params", "playground"})
    EXPECT_FALSE(inputs_of(harness).empty()) << "no inputs in " << kFuzzDir << " for " << harness;
}

TEST(FuzzRegressions, Csv) {
  for (const fs::path& input : inputs_of("csv")) {
    read_or_refuse(input, "read_csv_dataset<double>", [&] { read_csv_dataset<double>(input); });
    read_or_refuse(input, "read_csv_dataset<float>(class_index)",
                   [&] { read_csv_dataset<float>(input, "", LabelKind::class_index); });
    read_or_refuse(input, "read_csv_dataset<double>(\"y\", class_index)",
                   [&] { read_csv_dataset<double>(input, "y", LabelKind::class_index); });
    read_or_refuse(input, "read_csv_features<double>", [&] { read_csv_features<double>(input); });
    read_or_refuse(input, "read_csv_features<float>", [&] { read_csv_features<float>(input); });
  }
}

TEST(FuzzRegressions, Idx) {
  const fs::path dir = temp_folder("fuzz_regressions_idx");
  for (const fs::path& input : inputs_of("idx")) {
    IdxArray array;
    if (!read_or_refuse(input, "read_idx", [&] { array = read_idx(input); })) continue;
    // As the harness does: the input as images with valid labels, or as labels with
    // valid one-pixel images.
    const std::uint32_t n = array.dims[0];
    if (array.dims.size() == 3 && n <= 4096) {
      write_bytes(dir / "labels", idx_file({n}, std::vector<std::uint8_t>(n, 1)));
      read_or_refuse(input, "read_idx_dataset<float> (images)",
                     [&] { read_idx_dataset<float>(input, dir / "labels", "fuzz"); });
    }
    if (array.dims.size() == 1) {
      write_bytes(dir / "images", idx_file({n, 1, 1}, std::vector<std::uint8_t>(n, 0)));
      read_or_refuse(input, "read_idx_dataset<double> (labels)",
                     [&] { read_idx_dataset<double>(dir / "images", input, "fuzz"); });
    }
  }
  fs::remove_all(dir);
}

template <class T>
void load_and_run(const fs::path& input, const fs::path& file, const std::string& what) {
  SavedModel<T> saved;
  if (!read_or_refuse(input, what, [&] { saved = load_model<T>(file); })) return;
  const Matrix<T> raw = Matrix<T>::Zero(static_cast<Index>(saved.feature_names.size()), 2);
  read_or_refuse<Error>(input, what + ", then forward", [&] {
    EXPECT_EQ(saved.model.forward(apply_crosses(raw, saved.crosses)).cols(), 2);
  });
}

TEST(FuzzRegressions, Model) {
  const fs::path dir = temp_folder("fuzz_regressions_model");
  for (const fs::path& input : inputs_of("model")) {
    load_and_run<double>(input, input, "load_model<double>");
    load_and_run<float>(input, input, "load_model<float>");
    // The harness also loads the content re-signed, past the checksum and the layout.
    std::string resigned;
    if (!read_or_refuse(input, "resign_model_json",
                        [&] { resigned = resign_model_json(read_file(input)); }))
      continue;
    write_file_atomically(dir / "resigned.json", resigned);
    load_and_run<double>(input, dir / "resigned.json", "load_model<double> (re-signed)");
    load_and_run<float>(input, dir / "resigned.json", "load_model<float> (re-signed)");
  }
  fs::remove_all(dir);
}

template <class T>
void params_into_network(const fs::path& input) {
  std::vector<LayerParams<T>> params;
  if (!read_or_refuse(input, "load_params_json", [&] { params = load_params_json<T>(input); }))
    return;
  for (const LayerParams<T>& layer : params)
    EXPECT_TRUE(layer.W.allFinite() && layer.b.allFinite()) << input << ": as " << dtype_name<T>();
  NumpyRandom rng(1);
  NetworkSpec spec;
  spec.hidden = {3};
  Sequential<T> network = make_network<T>(spec, rng);
  if (read_or_refuse<ShapeError>(input, "set_params",
                                 [&] { set_params(network, params, input.string()); })) {
    EXPECT_EQ(network.forward(Matrix<T>::Ones(2, 3)).cols(), 3) << input;
  }
}

TEST(FuzzRegressions, InitParams) {
  for (const fs::path& input : inputs_of("init_params")) {
    params_into_network<double>(input);
    params_into_network<float>(input);
  }
}

// The seeds include valid files: they must load, or the fuzzers start from nothing.
TEST(FuzzRegressions, ValidSeedsLoad) {
  const fs::path corpus = kFuzzDir / "corpus";
  EXPECT_EQ(read_csv_dataset<double>(corpus / "csv" / "bom_crlf.csv").X.cols(), 2);
  EXPECT_EQ(read_idx(corpus / "idx" / "images_2x2x3.gz").bytes.size(), 12u);
  EXPECT_EQ(load_model<double>(corpus / "model" / "xor_hidden3.json").model.layers().size(), 4u);
  EXPECT_EQ(load_params_json<float>(corpus / "init_params" / "xor_hidden3.json").size(), 2u);
}

// The playground's requests, as fuzz_playground.cpp sends them: each body as a new
// session's config, then as a frame and a graph-walk request of a small XOR session. Every
// answer is a success or a 4xx of one line.
TEST(FuzzRegressions, Playground) {
  Playground playground;
  const PlaygroundReply created = playground.handle(
      "POST", "/api/sessions", R"({"data": "xor", "hidden": [3], "epochs": 100})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string session =
      "/api/sessions/" + nlohmann::json::parse(created.body)["id"].get<std::string>();
  for (const fs::path& input : inputs_of("playground")) {
    std::ostringstream text;
    text << std::ifstream(input, std::ios::binary).rdbuf();
    const std::string body = text.str();
    for (const auto& [method, path] :
         {std::pair{"POST", std::string("/api/sessions")}, std::pair{"POST", session + "/frame"},
          std::pair{"POST", session + "/explain"}}) {
      const PlaygroundReply reply = playground.handle(method, path, body);
      EXPECT_TRUE(reply.status >= 200 && reply.status < 500)
          << input << " to " << path << ": " << reply.status << " " << reply.body;
      if (reply.status >= 400) {
        EXPECT_EQ(reply.body.find('\n'), reply.body.size() - 1)
            << input << " to " << path << ": not one line: " << reply.body;
      }
      if (reply.status == 201)  // within the cap on sessions
        playground.handle(
            "DELETE", "/api/sessions/" + nlohmann::json::parse(reply.body)["id"].get<std::string>(),
            "");
    }
  }
}

}  // namespace
}  // namespace scratchnet::testing
