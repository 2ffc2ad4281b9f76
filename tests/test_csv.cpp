// Reading CSV data: the shapes it gives, the forms it accepts, and one exact message for
// every way a file can be wrong.
#include <cerrno>
#include <cstring>
#include <random>

#include "scratchnet/data/csv.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

class Csv : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_folder("csv");
    csv_ = (dir_ / "data.csv").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `bytes` exactly as given to a file of the test's folder.
  std::filesystem::path write(const std::string& file, const std::string& bytes) {
    const auto path = dir_ / file;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  // The message of the DataError that reading `path` raises, or a failure if there is none.
  template <class T = double>
  static std::string error_of(const std::filesystem::path& path, const std::string& target = "") {
    try {
      read_csv_dataset<T>(path, target);
    } catch (const DataError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
      return message;
    }
    ADD_FAILURE() << "no DataError for " << path;
    return "";
  }

  // The message for a file whose content is `bytes`; the file is at `csv_`.
  std::string error_for(const std::string& bytes, const std::string& target = "") {
    return error_of(write("data.csv", bytes), target);
  }

  std::filesystem::path dir_;
  std::string csv_;  // the path of the file error_for writes, as messages show it
};

Matrix<double> matrix(Index rows, Index cols, std::initializer_list<double> row_major) {
  Matrix<double> m(rows, cols);
  auto value = row_major.begin();
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c)
      m(r, c) = *value++;
  return m;
}

// ---- What it reads ----

TEST_F(Csv, XorGateRoundTripsToTheBuiltInGate) {
  const auto path = write("xor.csv", "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
  const Dataset<double> expected = gate_dataset<double>("xor");
  const Dataset<double> data = read_csv_dataset<double>(path);
  EXPECT_EQ(data.name, "xor");
  EXPECT_EQ(data.X, expected.X);
  EXPECT_EQ(data.Y, expected.Y);
  EXPECT_EQ(data.feature_names, expected.feature_names);

  const Dataset<float> single = read_csv_dataset<float>(path);
  EXPECT_EQ(single.X, expected.X.cast<float>());
  EXPECT_EQ(single.Y, expected.Y.cast<float>());
}

TEST_F(Csv, TargetByNameInTheMiddleColumn) {
  const auto path = write("mixed.data.csv", "a,label,b\n1.5,1,-2\n3,0,4e1\n");
  const Dataset<double> data = read_csv_dataset<double>(path, "label");
  EXPECT_EQ(data.name, "mixed.data");
  EXPECT_EQ(data.X, matrix(2, 2, {1.5, 3, -2, 40}));
  EXPECT_EQ(data.Y, matrix(1, 2, {1, 0}));
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"a", "b"}));
}

TEST_F(Csv, ByteOrderMarkCrlfAndNoFinalNewline) {
  const auto path = write("bom.csv", "\xEF\xBB\xBFx1,x2,y\r\n0.25,1,1\r\n2,3,0");
  const Dataset<double> data = read_csv_dataset<double>(path);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(data.X, matrix(2, 2, {0.25, 2, 1, 3}));
  EXPECT_EQ(data.Y, matrix(1, 2, {1, 0}));
}

TEST_F(Csv, BlankLinesAreSkippedButCounted) {
  const auto path = write("blank.csv", "\n  \r\n x1 , x2 ,y\n\n0,1,1\n   \n\t\r\n1,0,0\n\n");
  const Dataset<double> data = read_csv_dataset<double>(path);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(data.X, matrix(2, 2, {0, 1, 1, 0}));
  EXPECT_EQ(data.Y, matrix(1, 2, {1, 0}));

  EXPECT_EQ(error_for("\nx,y\n\n1,0\n\nabc,1\n"),
            csv_ + ": line 6, column 1 (x): 'abc' is not a number");
}

TEST_F(Csv, FeaturesOnlyReaderTakesEveryColumn) {
  const auto path = write("inputs.csv", "x1,x2,x3\n1,2,3\n4,5,6\n");
  const Dataset<double> data = read_csv_features<double>(path);
  EXPECT_EQ(data.name, "inputs");
  EXPECT_EQ(data.X, matrix(3, 2, {1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(data.Y.rows(), 0);
  EXPECT_EQ(data.Y.cols(), 2);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"x1", "x2", "x3"}));

  // One column is a feature here (there is no label to leave room for), and labels need
  // not be 0 or 1.
  const Dataset<float> one = read_csv_features<float>(write("one.csv", "v\n7\n-2.5\n"));
  EXPECT_EQ(one.X, matrix(1, 2, {7, -2.5}).cast<float>());
  EXPECT_EQ(one.Y.cols(), 2);
}

TEST_F(Csv, NumberFormsAndQuotedCells) {
  const auto path = write("forms.csv",
                          "\"a\", b ,c,d,e,f,y\n"
                          "+1, 2 ,\"1.5\",-0,1e-400,.5,1\n"
                          "1E2,\t-3\t,\" 7 \",0.000,4.,-1e-3,0.0\n");
  const Dataset<double> data = read_csv_dataset<double>(path);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  EXPECT_EQ(data.X, matrix(6, 2, {1, 100, 2, -3, 1.5, 7, 0, 0, 0, 4, 0.5, -1e-3}));
  EXPECT_EQ(data.Y, matrix(1, 2, {1, 0}));
}

TEST_F(Csv, ManyRowsLandInTheRightPlaces) {
  // Rows of the file become columns of X; a larger file checks every place is filled.
  constexpr int kRows = 500, kFeatures = 37;
  std::string text;
  for (int f = 0; f < kFeatures; ++f)
    text += "f" + std::to_string(f) + ",";
  text += "label\n";
  for (int r = 0; r < kRows; ++r) {
    for (int f = 0; f < kFeatures; ++f)
      text += std::to_string(r * 1000 + f) + ",";
    text += std::to_string(r % 2) + "\n";
  }
  const Dataset<double> data = read_csv_dataset<double>(write("big.csv", text));
  ASSERT_EQ(data.X.rows(), kFeatures);
  ASSERT_EQ(data.X.cols(), kRows);
  ASSERT_EQ(data.Y.cols(), kRows);
  for (int r = 0; r < kRows; ++r) {
    for (int f = 0; f < kFeatures; ++f)
      ASSERT_EQ(data.X(f, r), r * 1000 + f);
    ASSERT_EQ(data.Y(0, r), r % 2);
  }
  EXPECT_EQ(data.feature_names.back(), "f36");
}

// ---- What it refuses, each with its exact message ----

TEST_F(Csv, MissingFile) {
  const auto path = dir_ / "missing.csv";
  EXPECT_EQ(error_of(path),
            path.string() + ": cannot open the file (" + std::strerror(ENOENT) + ")");
}

TEST_F(Csv, Directory) {
  EXPECT_EQ(error_of(dir_), dir_.string() + ": is a directory, expected a CSV file");
}

TEST_F(Csv, EmptyFile) {
  const std::string expected =
      ": the file is empty, expected a header row of column names and then one example per row";
  EXPECT_EQ(error_for(""), csv_ + expected);
  EXPECT_EQ(error_for("\xEF\xBB\xBF"), csv_ + expected);
}

TEST_F(Csv, OnlyBlankLines) {
  EXPECT_EQ(error_for("\n  \r\n\t\n"),
            csv_ +
                ": the file has only blank lines, expected a header row of column names and "
                "then one example per row");
}

TEST_F(Csv, HeaderOnly) {
  EXPECT_EQ(error_for("x1,x2,y\n"),
            csv_ +
                ": line 1: a header (x1, x2, y) but no examples, expected one example per "
                "row after it");
  EXPECT_EQ(error_for("\r\nx1,y\r\n\r\n"),
            csv_ +
                ": line 2: a header (x1, y) but no examples, expected one example per row "
                "after it");
}

TEST_F(Csv, EmptyColumnName) {
  EXPECT_EQ(error_for("x1,,y\n1,2,1\n"),
            csv_ + ": line 1, column 2: empty column name, expected a name for every column");
  EXPECT_EQ(error_for("x1,x2, \n1,2,1\n"),
            csv_ + ": line 1, column 3: empty column name, expected a name for every column");
}

TEST_F(Csv, DuplicateColumnNames) {
  EXPECT_EQ(error_for("x1,x2, x1 ,y\n1,2,3,1\n"),
            csv_ +
                ": line 1, column 3 (x1): duplicate column name, column 1 has it too; "
                "expected every name once");
}

TEST_F(Csv, RaggedRows) {
  EXPECT_EQ(error_for("x1,x2,y\n0,0,0\n1,1\n"),
            csv_ + ": line 3: 2 cells, expected 3 as in the header (x1, x2, y)");
  EXPECT_EQ(error_for("x1,x2,y\n0,0,0,1\n"),
            csv_ + ": line 2: 4 cells, expected 3 as in the header (x1, x2, y)");
  EXPECT_EQ(error_for("x1,x2,y\n0,0,0\n\n7\n"),
            csv_ + ": line 4: 1 cell, expected 3 as in the header (x1, x2, y)");
}

TEST_F(Csv, LongHeadersAreShortenedInMessages) {
  std::string header;
  for (int i = 1; i <= 20; ++i)
    header += (i > 1 ? ",c" : "c") + std::to_string(i);
  EXPECT_EQ(error_for(header + "\n1,2\n"),
            csv_ +
                ": line 2: 2 cells, expected 20 as in the header (c1, c2, c3, c4, c5, c6, "
                "c7, c8, c9, c10, …, c20 (20 columns))");
}

TEST_F(Csv, CellThatIsNotANumber) {
  EXPECT_EQ(error_for("x1,x2,y\n0,0,0\n1,1,0\n0,abc,1\n"),
            csv_ + ": line 4, column 2 (x2): 'abc' is not a number");
  // The whole cell must be a number, not only its start.
  EXPECT_EQ(error_for("x1,x2,y\n0,12abc,1\n"),
            csv_ + ": line 2, column 2 (x2): '12abc' is not a number");
  EXPECT_EQ(error_for("x1,x2,y\n1 2,0,1\n"),
            csv_ + ": line 2, column 1 (x1): '1 2' is not a number");
  EXPECT_EQ(error_for("x1,x2,y\n0x10,0,1\n"),
            csv_ + ": line 2, column 1 (x1): '0x10' is not a number");
  EXPECT_EQ(error_for("x1,x2,y\n0,1e,1\n"), csv_ + ": line 2, column 2 (x2): '1e' is not a number");
  EXPECT_EQ(error_for("x1,x2,y\n0,0,\"1\n"),
            csv_ +
                ": line 2, column 3 (y): label '\"1' is text, but labels are numbers: 0 or 1 "
                "for a sigmoid output, or class indices 0, 1, 2, … for softmax-ce; number the "
                "classes first (e.g. one class 0, the next 1)");
  // A long cell is cut short in the message.
  EXPECT_EQ(error_for("x,y\n" + std::string(100, 'a') + ",1\n"),
            csv_ + ": line 2, column 1 (x): '" + std::string(40, 'a') + "…' is not a number");
}

TEST_F(Csv, EmptyCell) {
  EXPECT_EQ(error_for("x1,x2,y\n0, ,1\n"),
            csv_ + ": line 2, column 2 (x2): empty cell, expected a number");
  EXPECT_EQ(error_for("x1,x2,y\n0,1,\"\"\n"),
            csv_ + ": line 2, column 3 (y): empty cell, expected a number");
}

TEST_F(Csv, NanAndInfinityAreRefused) {
  EXPECT_EQ(error_for("x1,x2,y\n0,nan,1\n"),
            csv_ + ": line 2, column 2 (x2): 'nan' is not a finite number");
  EXPECT_EQ(error_for("x1,x2,y\n0,1,1\ninf,0,0\n"),
            csv_ + ": line 3, column 1 (x1): 'inf' is not a finite number");
  EXPECT_EQ(error_for("x1,x2,y\n-Infinity,0,0\n"),
            csv_ + ": line 2, column 1 (x1): '-Infinity' is not a finite number");
  EXPECT_EQ(error_for("x1,x2,y\n0,1e999,1\n"),
            csv_ +
                ": line 2, column 2 (x2): '1e999' is not a finite number (too large for "
                "double)");
  EXPECT_EQ(error_for("x1,x2,y\n0,-12345e307,1\n"),
            csv_ +
                ": line 2, column 2 (x2): '-12345e307' is not a finite number (too large "
                "for double)");
  // 1e39 is finite as a double but not as a float.
  const auto file = write("float.csv", "x,y\n1e39,1\n");
  EXPECT_EQ(error_of<float>(file),
            file.string() +
                ": line 2, column 1 (x): '1e39' is not a finite number (too large "
                "for float)");
  EXPECT_EQ(read_csv_dataset<double>(file).X(0, 0), 1e39);
}

TEST_F(Csv, NumbersTooSmallForTheTypeBecomeZero) {
  const auto path =
      write("tiny.csv", "x,y\n1e-50,1\n-0.0000000000000000000000000000000000000000000000001,0\n");
  const Dataset<float> data = read_csv_dataset<float>(path);
  EXPECT_EQ(data.X(0, 0), 0.0f);
  EXPECT_EQ(data.X(0, 1), 0.0f);
  EXPECT_TRUE(std::signbit(data.X(0, 1)));
  EXPECT_EQ(read_csv_dataset<double>(path).X(0, 0), 1e-50);
}

TEST_F(Csv, TargetColumnThatDoesNotExist) {
  EXPECT_EQ(error_for("x1,x2,y\n0,0,0\n", "label"),
            csv_ + ": no column named 'label' (the columns are x1, x2, y)");
}

TEST_F(Csv, OnlyOneColumnLeavesNoFeature) {
  EXPECT_EQ(error_for("y\n1\n0\n"),
            csv_ +
                ": line 1: only one column (y), expected at least one feature column "
                "besides the label");
  EXPECT_EQ(error_for("y\n1\n0\n", "y"),
            csv_ +
                ": line 1: only one column (y), expected at least one feature column "
                "besides the label");
}

TEST_F(Csv, LabelThatIsNotZeroOrOne) {
  EXPECT_EQ(error_for("x1,x2,y\n0,0,0\n0,1,2\n"),
            csv_ +
                ": line 3, column 3 (y): label '2', expected 0 or 1 (a sigmoid output "
                "needs 0/1 labels)");
  EXPECT_EQ(error_for("x,label,z\n0,0.5,1\n", "label"),
            csv_ +
                ": line 2, column 2 (label): label '0.5', expected 0 or 1 (a sigmoid "
                "output needs 0/1 labels)");
  // 1.0 and -0 are 0/1 labels written another way.
  const auto file = write("labels.csv", "x,y\n0,1.0\n1,-0\n");
  EXPECT_EQ(read_csv_dataset<double>(file).Y, matrix(1, 2, {1, 0}));
}

TEST_F(Csv, NulByte) {
  EXPECT_EQ(error_for(std::string("x1,x2,y\n0,0\0,1\n", 15)),
            csv_ +
                ": line 2: a NUL byte (byte 12 of the file), expected CSV text; is this a "
                "binary file?");
}

TEST_F(Csv, BinaryGarbage) {
  EXPECT_EQ(error_for("\xff\xfe\x01x\n1\n"),
            csv_ +
                ": line 1, column 1: the column name '\\xff\\xfe\\x01x' has a byte that is "
                "not UTF-8 text, expected a printable name");
  EXPECT_EQ(error_for("a\x1b[0m,y\n1,1\n"),
            csv_ +
                ": line 1, column 1: the column name 'a\\x1b[0m' has a control character, "
                "expected a printable name");
  EXPECT_EQ(error_for("x,y\n\xff\x01\x7f,1\n"),
            csv_ + ": line 2, column 1 (x): '\\xff\\x01\\x7f' is not a number");
  // Names in UTF-8 are fine and appear as they are.
  EXPECT_EQ(error_for("größe,y\nzwölf,1\n"),
            csv_ + ": line 2, column 1 (größe): 'zwölf' is not a number");
}

// Whatever the bytes, reading gives a dataset or a one-line DataError naming the file: never
// a crash, a hang or another exception (the sanitizer build checks memory). The files are few
// because writing them, not reading them, is the slow part.
TEST_F(Csv, RandomBytesNeverCrash) {
  const std::string alphabet =
      std::string("0123456789,,,,..--+eEnaifx \t\r\n\n\n\"\xff\xc3\xa4", 36) + std::string(1, '\0');
  std::mt19937 random(7);
  const std::string valid = "x1,x2,y\n0,0.5,1\n1,-2,0\n3e1,4,1\n";
  int read = 0, refused = 0;
  for (int i = 0; i < 600; ++i) {
    // Half the files are random bytes, half a valid file with a few bytes changed, so
    // that both the refusals and the happy path see odd input.
    std::string bytes;
    if (i % 2 == 0) {
      bytes.resize(random() % 60);
      for (char& c : bytes)
        c = alphabet[random() % alphabet.size()];
    } else {
      bytes = valid;
      for (int k = 0; k < 2; ++k)
        bytes[random() % bytes.size()] = alphabet[random() % alphabet.size()];
    }
    const auto path = write("random.csv", bytes);
    try {
      const Dataset<double> data = read_csv_dataset<double>(path);
      EXPECT_EQ(data.X.cols(), data.Y.cols());
      EXPECT_EQ(data.X.rows(), static_cast<Index>(data.feature_names.size()));
      EXPECT_TRUE(data.X.allFinite());
      EXPECT_TRUE(((data.Y.array() == 0) || (data.Y.array() == 1)).all());
      ++read;
    } catch (const DataError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind(path.string() + ": ", 0), 0u) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      ++refused;
    }
  }
  EXPECT_GT(read, 20);
  EXPECT_GT(refused, 20);
}

}  // namespace
}  // namespace scratchnet::testing
