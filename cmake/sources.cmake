# The library's sources, one list per floor of the house (docs/ARCHITECTURE.md), bottom
# first. The library is every floor; the fuzz build's readers are the floors below the
# pictures (viz), so a new source file is listed once, here.
set(SCRATCHNET_FLOORS tensor graph nn train data io viz run)
set(SCRATCHNET_SOURCES_tensor
  src/tensor/random.cpp
  src/tensor/threads.cpp
  src/tensor/format.cpp
)
set(SCRATCHNET_SOURCES_graph
  src/graph/graph.cpp
)
set(SCRATCHNET_SOURCES_nn
  src/nn/init.cpp
  src/nn/layers.cpp
  src/nn/registry.cpp
  src/nn/sequential.cpp
)
set(SCRATCHNET_SOURCES_train
  src/train/trainer.cpp
  src/train/optim.cpp
  src/train/registry.cpp
  src/train/gradcheck.cpp
)
set(SCRATCHNET_SOURCES_data
  src/data/gates.cpp
  src/data/plane.cpp
  src/data/registry.cpp
  src/data/csv.cpp
  src/data/idx.cpp
  src/data/split.cpp
)
set(SCRATCHNET_SOURCES_io
  src/io/files.cpp
  src/io/json_file.cpp
  src/io/predictions_csv.cpp
  src/io/params_json.cpp
  src/io/model_file.cpp
  src/io/checkpoint.cpp
)
set(SCRATCHNET_SOURCES_viz
  src/viz/graph_picture.cpp
  src/viz/plot_page.cpp
  src/viz/axis_ticks.cpp
  src/viz/plot.cpp
  src/viz/decision_boundary.cpp
  src/viz/explain.cpp
)
set(SCRATCHNET_SOURCES_run
  src/run/choices.cpp
  src/run/config.cpp
  src/run/setup.cpp
  src/run/report.cpp
  src/run/saved_model_use.cpp
  src/run/out_folder.cpp
  src/run/thread_governor.cpp
  src/run/session.cpp
  src/run/live_run.cpp
  src/run/live_run_grid.cpp
  src/run/playground.cpp
  src/run/session_settings.cpp
  src/run/session_outputs.cpp
  src/run/session_explain.cpp
)

# scratchnet_sources(VAR FLOOR…): the sources of those floors, as absolute paths.
function(scratchnet_sources var)
  set(sources)
  foreach(floor IN LISTS ARGN)
    foreach(source IN LISTS SCRATCHNET_SOURCES_${floor})
      list(APPEND sources ${PROJECT_SOURCE_DIR}/${source})
    endforeach()
  endforeach()
  set(${var} ${sources} PARENT_SCOPE)
endfunction()
