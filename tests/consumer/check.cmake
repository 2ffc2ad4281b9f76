# Builds and runs the consumer of this folder in WORK, as a test does (tests/CMakeLists.txt):
#   cmake -DMODE=find_package|add_subdirectory -DSOURCE=<scratchnet's sources>
#         -DBUILD=<a build of them> -DWORK=<empty folder> -DGENERATOR=… -DCXX=… [-DLAUNCHER=…]
#         -P check.cmake
# find_package installs BUILD into WORK/prefix first; add_subdirectory builds the library
# from SOURCE anew, inside the consumer's build. Stops at the first step that fails.
file(REMOVE_RECURSE ${WORK})
if(MODE STREQUAL "find_package")
  execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/prefix
                  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  set(use_scratchnet -DCMAKE_PREFIX_PATH=${WORK}/prefix)
elseif(MODE STREQUAL "add_subdirectory")
  set(use_scratchnet -DSCRATCHNET_SOURCE_DIR=${SOURCE})
else()
  message(FATAL_ERROR "MODE must be find_package or add_subdirectory, got '${MODE}'")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR} -B ${WORK}/build
                        -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${CXX}
                        -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER} ${use_scratchnet}
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${WORK}/build/consumer COMMAND_ERROR_IS_FATAL ANY)
