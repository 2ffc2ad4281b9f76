// Each activation beyond the article's against PyTorch: a fixed 2-3-1 network with that
// activation in its hidden layer, sigmoid + binary cross-entropy at the output, trained by
// full-batch gradient descent for 5 steps in float64. The cost before every step and the
// parameters after the last agree with torch's to 1e-9 (they agree to the last few bits).
// The expected numbers: /usr/bin/python3 tests/reference/activations_torch.py
#include <set>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

constexpr double kTorchTolerance = 1e-12;  // relative, float64: stricter than the 1e-9

struct TorchRun {
  std::string activation;  // "<name> [<first parameter>]", as the script names the case
  std::vector<double> costs;
  std::vector<std::vector<double>> params;  // W1, b1, W2, b2 after the last step
};

// Printed by tests/reference/activations_torch.py.
const std::vector<TorchRun> kTorchRuns = {
    {"leaky-relu 0.01",
     {0.8447021029404789, 0.7526876818863264, 0.713371425574232, 0.688108502946325,
      0.671172960190283},
     {{0.7034476744505472, -0.17766790573825744, 0.5496452094294356, 0.005589854636697294,
       -0.5309691045554983, 0.8330596254768237},
      {0.17526391491565446, -0.24822847862086908, 0.017144766999497078},
      {0.8278870209058852, -0.9111888898940832, -0.05057032244445586},
      {0.2666086131747932}}},
    {"leaky-relu 0.2",
     {0.853963822413261, 0.7500721821134766, 0.7070151996401522, 0.6810203498976448,
      0.6643760274370111},
     {{0.7448619832668764, -0.2235138821810941, 0.5092243592851866, 0.06281468423695089,
       -0.517940263904469, 0.8411074700839084},
      {0.14952950430893341, -0.20263496408554174, 0.023845314269918528},
      {0.8697384686445314, -0.879431102146589, -0.04678409604075051},
      {0.26070568454119925}}},
    {"sine",
     {0.75790015714684, 0.6970174743476358, 0.6590926518290198, 0.6340491068071271,
      0.6160005870236352},
     {{0.7269081651240147, -0.30616407388108885, 0.7206288661066311, 0.4885787032264635,
       -0.5482473079678583, 1.0680770825363997},
      {0.18434722108343005, -0.08246662900344702, 0.18199880812101138},
      {1.0121269979383332, -0.8490193794152183, 0.33167746317308533},
      {0.36149355968962305}}},
    {"elu 1",
     {0.8883103985583884, 0.7349508886834705, 0.6832994949391648, 0.6581352835861749,
      0.6432373364403687},
     {{0.7585947437107852, -0.20683297041345994, 0.4312291342926209, 0.14250540168497983,
       -0.4713404605950617, 0.8703698870080754},
      {0.1764863034536634, -0.26149751809621846, 0.04579180327574517},
      {0.9471507436010491, -0.815721484545493, -0.014157635185930023},
      {0.2342528641829042}}},
    {"elu 0.5",
     {0.8656099606027666, 0.7480175621347465, 0.7025428713331845, 0.676851354573976,
      0.6599409854272583},
     {{0.7354699830306556, -0.19512671629485767, 0.5045679025549381, 0.05857785890617746,
       -0.5013644873999574, 0.8514413240810825},
      {0.17623723507310485, -0.23321912394064256, 0.03128430000816519},
      {0.8912845769602541, -0.8575869742144312, -0.04609726686320247},
      {0.2482146261502337}}},

};

Choice choice_of(const std::string& text) {
  const size_t space = text.find(' ');
  if (space == std::string::npos) return Choice(text);
  const ActivationEntry& entry = find_activation(text.substr(0, space));
  return {std::string(entry.name),
          {{std::string(entry.params[0].name), std::stod(text.substr(space + 1))}}};
}

Sequential<double> fixed_network(const Choice& activation) {
  Sequential<double> model;
  model.add<LinearLayer<double>>(Matrix<double>({{0.5, -0.3}, {0.8, 0.2}, {-0.6, 0.9}}),
                                 Matrix<double>({{0.1}, {-0.2}, {0.05}}));
  model.add(make_activation_layer<double>(activation));
  model.add<LinearLayer<double>>(Matrix<double>({{0.7, -1.1, 0.4}}), Matrix<double>({{0.3}}));
  model.add<SigmoidLayer<double>>();
  return model;
}

TEST(ActivationsVsTorch, FiveStepsOfGradientDescentAgree) {
  ASSERT_FALSE(kTorchRuns.empty());
  const Matrix<double> X({{0.0, 1.0, 0.5, -1.0, 2.0}, {1.0, 0.0, -0.5, 1.5, 1.0}});
  const Matrix<double> Y({{1.0, 0.0, 1.0, 0.0, 1.0}});
  for (const TorchRun& run : kTorchRuns) {
    SCOPED_TRACE(run.activation);
    Sequential<double> model = fixed_network(choice_of(run.activation));
    Trainer<double> trainer(model, X, Y, {.learning_rate = 0.5, .loss = Loss::bce});
    for (size_t step = 0; step < run.costs.size(); ++step)
      expect_close(trainer.train_epoch(0.5), run.costs[step],
                   "cost before step " + std::to_string(step), kTorchTolerance);
    const std::vector<Parameter<double>*> params = model.parameters();
    ASSERT_EQ(params.size(), run.params.size());
    for (size_t i = 0; i < params.size(); ++i)
      expect_close(params[i]->value, run.params[i], "parameter " + std::to_string(i),
                   kTorchTolerance);
  }
}

// Every activation a hidden layer may take is compared here, so a new one cannot skip it.
TEST(ActivationsVsTorch, EveryActivationBeyondTheArticleIsCompared) {
  std::set<std::string> compared;
  for (const TorchRun& run : kTorchRuns)
    compared.insert(std::string(choice_of(run.activation).name));
  for (const ActivationEntry* e : hidden_activations()) {
    if (e->name == "sigmoid" || e->name == "relu" || e->name == "tanh") continue;  // elsewhere
    EXPECT_TRUE(compared.count(std::string(e->name))) << e->name << " is not compared";
  }
}

}  // namespace
}  // namespace scratchnet::testing
