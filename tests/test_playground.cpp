// The playground's API (Playground::handle), every endpoint without a network: good
// requests give the library's own numbers, bad ones a 4xx with one line that names what is
// wrong, sessions are independent and capped.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "scratchnet/run/playground.hpp"

namespace scratchnet::testing {
namespace {

using json = nlohmann::json;

json body_of(const PlaygroundReply& r) {
  EXPECT_EQ(r.content_type, "application/json") << r.body;
  return json::parse(r.body);
}

std::string create(Playground& p, const std::string& config) {
  const PlaygroundReply r = p.handle("POST", "/api/sessions", config);
  EXPECT_EQ(r.status, 201) << r.body;
  return body_of(r)["id"].get<std::string>();
}

json post(Playground& p, const std::string& path, const std::string& body = "{}") {
  const PlaygroundReply r = p.handle("POST", path, body);
  EXPECT_EQ(r.status, 200) << path << ": " << r.body;
  return body_of(r);
}

// An error: its status, and its body is exactly one line.
std::string refused(const PlaygroundReply& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  EXPECT_TRUE(r.body.ends_with("\n")) << r.body;
  EXPECT_EQ(r.body.find('\n'), r.body.size() - 1) << r.body;
  return r.body.substr(0, r.body.size() - 1);
}

TEST(Playground, ChoicesComeFromTheRegistries) {
  Playground p;
  const json choices = body_of(p.handle("GET", "/api/choices", ""));
  for (const auto& [field, key] : {std::pair{"activation", "activations"},
                                   {"loss", "losses"},
                                   {"init", "inits"},
                                   {"optimizer", "optimizers"},
                                   {"schedule", "schedules"}}) {
    ASSERT_TRUE(choices.contains(key)) << key;
    const json& list = choices[key];
    ASSERT_EQ(list.size(), run_choices(field).size()) << field;
    for (size_t i = 0; i < list.size(); ++i)
      EXPECT_EQ(list[i]["name"], std::string(run_choices(field)[i]->name));
  }
  std::vector<std::string> datasets;
  for (const json& d : choices["datasets"])
    datasets.push_back(d["name"]);
  EXPECT_NE(std::find(datasets.begin(), datasets.end(), "spiral"), datasets.end());
  EXPECT_EQ(std::find(datasets.begin(), datasets.end(), "fashion-mnist"), datasets.end());
  EXPECT_EQ(choices["limits"]["max_sessions"], 32);
}

// A session's numbers are the library's for the same RunConfig, to the last bit.
TEST(Playground, ASessionTrainsAsTheLibraryDoes) {
  Playground p;
  const std::string config = R"json({"data": "circle", "noise": 0.1, "data_seed": 3,
      "validation_split": 0.5, "crosses": ["0*1", "sin(0)"], "hidden": [4, 2],
      "activation": "tanh", "learning_rate": 0.03, "epochs": 1000000})json";
  const PlaygroundReply created = p.handle("POST", "/api/sessions", config);
  ASSERT_EQ(created.status, 201) << created.body;
  const json start = body_of(created);
  EXPECT_EQ(start["features"], json({"x1", "x2"}));
  EXPECT_EQ(start["inputs"], json({"x1", "x2", "x1*x2", "sin(x1)"}));
  EXPECT_EQ(start["points"]["train"]["x1"].size() + start["points"]["test"]["x1"].size(), 200u);
  const std::string id = start["id"];
  const json frame = post(p, "/api/sessions/" + id + "/frame", R"({"epochs": 300})");
  EXPECT_EQ(frame["epoch"], 300);

  RunConfig same = run_config_from_json(config);
  same.epochs = 300;
  Session<double> session(same);
  session.train();
  const RunResult<double> result = session.result();
  EXPECT_EQ(frame["train_cost"].get<double>(), result.train_cost);
  EXPECT_EQ(frame["test_accuracy"].get<double>(), result.test->accuracy_percent);

  // "as a command": the run so far in the CLI's flags.
  const PlaygroundReply command = p.handle("GET", "/api/sessions/" + id + "/command", "");
  EXPECT_EQ(command.status, 200);
  EXPECT_TRUE(body_of(command)["command"].is_null());  // this Playground was given no writer
  EXPECT_EQ(body_of(command)["epochs"], 300);
}

TEST(Playground, TheArticlesOrExampleStepByStep) {
  Playground p;
  const std::string id =
      create(p, R"({"data": "or", "init_params_text": "[{\"W\": [[0.1, 0.6]], \"b\": [[0]]}]"})");
  const json step =
      post(p, "/api/sessions/" + id + "/explain", R"({"example": 0, "learning_rate": 1})");
  EXPECT_EQ(step["output"][0][0].get<double>(), 0.5);  // ŷ = σ(0)
  EXPECT_EQ(step["cost"].get<double>(), 0.125);
  bool saw_b = false;
  for (const json& u : step["updates"])
    if (u["name"] == "b1") {
      saw_b = true;
      EXPECT_EQ(u["gradient"][0][0].get<double>(), 0.125);
      EXPECT_EQ(u["after"][0][0].get<double>(), -0.125);
    }
  EXPECT_TRUE(saw_b);
  EXPECT_NEAR(step["cost_after"].get<double>(), 0.1099, 5e-5);
  EXPECT_NE(step["svg"].get<std::string>().find("<svg"), std::string::npos);
}

TEST(Playground, GradientCheckModelFileAndClosing) {
  Playground p;
  const std::string id = create(p, R"({"data": "xor", "hidden": [3]})");
  const std::string base = "/api/sessions/" + id;
  const json check = post(p, base + "/gradcheck");
  EXPECT_TRUE(check["passed"].get<bool>());
  ASSERT_EQ(check["parameters"].size(), 4u);  // W1, b1, W2, b2
  EXPECT_EQ(check["parameters"][0]["name"], "W1");
  EXPECT_LT(check["parameters"][0]["worst_error"].get<double>(), 1e-6);

  const PlaygroundReply model = p.handle("GET", base + "/model.json", "");
  EXPECT_EQ(model.status, 200);
  EXPECT_EQ(model.download_name, "model.json");
  EXPECT_EQ(json::parse(model.body)["format"], "scratchnet-model");
  EXPECT_NO_THROW(parse_model<double>(model.body, "model.json"));

  EXPECT_EQ(p.session_count(), 1u);
  EXPECT_EQ(p.handle("DELETE", base, "").status, 204);
  EXPECT_EQ(p.session_count(), 0u);
  EXPECT_NE(refused(p.handle("POST", base + "/frame", "{}"), 404).find("no session " + id),
            std::string::npos);
  refused(p.handle("DELETE", base, ""), 404);
}

// Each bad request: its status and the line that names what is wrong.
TEST(Playground, BadRequestsGetOneLineNamingWhatIsWrong) {
  Playground p;
  const std::string id = create(p, R"({"data": "xor", "hidden": [3]})");
  const std::string s = "/api/sessions/" + id;
  struct Case {
    const char* method;
    std::string path, body;
    int status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"POST", "/api/sessions", "{\"hidden\": [3", 400,
       "run config: not valid JSON: parse error at line 1, column 14"},
      {"POST", "/api/sessions", R"({"learning_rate": "fast"})", 400,
       "learning_rate: expected a number, got string \"fast\""},
      {"POST", "/api/sessions", R"({"hidden": [100000000]})", 400,
       "hidden: layer 1 has 100000000 neurons; the playground takes at most 64 per layer"},
      {"POST", "/api/sessions", R"({"hidden": [1, 1, 1, 1, 1, 1, 1, 1, 1]})", 400,
       "hidden has 9 layers; the playground takes at most 8"},
      {"POST", "/api/sessions", R"({"data": "/etc/passwd"})", 400,
       "data '/etc/passwd': the playground trains or, and, xor, circle"},
      {"POST", "/api/sessions", R"({"data": "fashion-mnist"})", 400,
       "data 'fashion-mnist': the playground trains"},
      {"POST", "/api/sessions", R"({"init_params": "/etc/passwd"})", 400,
       "init_params: the playground reads no files"},
      {"POST", "/api/sessions", R"({"out": "/tmp/x"})", 400, "out: the playground writes no files"},
      {"POST", "/api/sessions", R"({"dtype": "float32"})", 400,
       "dtype: a live run computes in float64"},
      {"POST", "/api/sessions", R"({"data": "up.csv", "data_text": "x,y\n1,cat\n"})", 400,
       "up.csv"},
      {"POST", "/api/sessions", "[1, 2]", 400, "expected a JSON object"},
      {"GET", "/api/sessions", "", 405, "/api/sessions takes POST"},
      {"POST", "/api/choices", "", 405, "/api/choices takes GET"},
      {"GET", "/api/../../etc/passwd", "", 404, "no such endpoint: GET /api/../../etc/passwd"},
      {"POST", "/api/sessions/nope/frame", "{}", 404, "no session nope"},
      {"POST", s + "/fly", "{}", 404, "no such endpoint: POST /api/sessions/{id}/fly"},
      {"GET", s + "/frame", "", 405, "/api/sessions/{id}/frame takes POST, got GET"},
      {"POST", s + "/frame", R"({"grid": 100000})", 400, "grid must be 0 to 200, got 100000"},
      {"POST", s + "/frame", R"({"grid": "big"})", 400, "grid must be a number"},
      {"POST", s + "/frame", R"({"epochs": -1})", 400, "epochs must be 0 to 1000000, got -1"},
      {"POST", s + "/frame", R"({"epochs": 1.5})", 400, "epochs must be a whole number, got 1.5"},
      {"POST", s + "/frame", R"({"train_seconds": 3600})", 400,
       "train_seconds must be 0 to 1, got 3600"},
      {"POST", s + "/frame", R"({"neurons": 1})", 400, "neurons must be true or false, got 1"},
      {"POST", s + "/frame", R"({"fps": 60})", 400, "fps is not a field of a frame request"},
      {"POST", s + "/frame", "nonsense", 400, "frame request: not valid JSON"},
      {"POST", s + "/explain", R"({"example": 9})", 400, "example"},
      {"POST", s + "/explain", R"({"learning_rate": -1})", 400, "learning_rate must be 0 to"},
      {"POST", s + "/frame", std::string(16 << 20 | 1, ' '), 413,
       "the request is 16777217 bytes; the playground takes at most 16777216"},
  };
  for (const Case& c : cases) {
    const std::string line = refused(p.handle(c.method, c.path, c.body), c.status);
    EXPECT_NE(line.find(c.message), std::string::npos)
        << c.method << " " << c.path << " " << c.body.substr(0, 60) << "\n  said: " << line;
  }
  // Nothing above disturbed the session.
  EXPECT_EQ(post(p, s + "/frame", R"({"epochs": 1})")["epoch"], 1);
}

TEST(Playground, SessionsAreCappedAndIdleOnesDropped) {
  PlaygroundLimits limits;
  limits.max_sessions = 2;
  limits.idle = std::chrono::hours(1);
  Playground p(limits);
  const std::string first = create(p, "{}");
  create(p, "{}");
  const std::string line = refused(p.handle("POST", "/api/sessions", "{}"), 429);
  EXPECT_NE(line.find("too many sessions: 2 are open"), std::string::npos) << line;
  EXPECT_EQ(p.handle("DELETE", "/api/sessions/" + first, "").status, 204);
  create(p, "{}");  // room again

  limits.idle = std::chrono::nanoseconds(0);  // every session is idle at once
  Playground forgetful(limits);
  const std::string gone = create(forgetful, "{}");
  refused(forgetful.handle("POST", "/api/sessions/" + gone + "/frame", "{}"), 404);
  EXPECT_EQ(forgetful.session_count(), 0u);
}

// Sessions trained from many threads at once each get exactly what one alone gets.
TEST(Playground, ConcurrentSessionsDoNotDisturbEachOther) {
  Playground p;
  const std::vector<double> rates = {0.5, 1, 2, 3};
  std::vector<std::string> ids;
  for (const double lr : rates)
    ids.push_back(create(
        p, R"({"data": "xor", "hidden": [3], "learning_rate": )" + std::to_string(lr) + "}"));
  std::vector<double> costs(rates.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < rates.size(); ++i)
    threads.emplace_back([&, i] {
      for (int frame = 0; frame < 20; ++frame)  // frames of one session, interleaved with others'
        costs[i] = json::parse(p.handle("POST", "/api/sessions/" + ids[i] + "/frame",
                                        R"({"epochs": 50, "grid": 20, "neurons": true})")
                                   .body)["train_cost"];
    });
  for (std::thread& t : threads)
    t.join();
  for (size_t i = 0; i < rates.size(); ++i) {
    RunConfig alone = run_config_from_json(R"({"data": "xor", "hidden": [3]})");
    alone.learning_rate = rates[i];
    alone.epochs = 1000;
    Session<double> session(alone);
    session.train();
    EXPECT_EQ(costs[i], session.result().train_cost) << "learning rate " << rates[i];
  }
}

}  // namespace
}  // namespace scratchnet::testing
