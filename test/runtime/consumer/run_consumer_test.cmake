# Installs concur from CONCUR_SOURCE_DIR into a scratch prefix, then configures, builds and runs
# the consumer project against it with find_package(concur).
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer test: step failed (${rc}): ${ARGN}")
  endif()
endfunction()
step(${CMAKE_COMMAND} -S ${CONCUR_SOURCE_DIR} -B ${WORK_DIR}/concur-build
     -DCONCUR_BUILD_ANALYZER=OFF -DCONCUR_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=${prefix}
     -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
step(${CMAKE_COMMAND} --install ${WORK_DIR}/concur-build)
step(${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${WORK_DIR}/consumer-build
     -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
step(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer-build)
step(${WORK_DIR}/consumer-build/consumer)
