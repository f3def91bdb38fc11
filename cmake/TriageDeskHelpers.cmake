# Small helpers shared by every folder.

# td_add_layer(NAME QT_MODULES... [DEPENDS other layers...] SOURCES ...)
# A static library for one layer. It links only the Qt modules and layers named here, so
# a header from a module the layer must not use is not even on its include path.
function(td_add_layer name)
    cmake_parse_arguments(ARG "" "" "QT;DEPENDS;SOURCES;EXTRA" ${ARGN})
    qt_add_library(${name} STATIC ${ARG_SOURCES})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/app ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PRIVATE triagedesk_settings)
    foreach(module IN LISTS ARG_QT)
        target_link_libraries(${name} PUBLIC Qt6::${module})
    endforeach()
    target_link_libraries(${name} PUBLIC ${ARG_DEPENDS} ${ARG_EXTRA})
    set_property(GLOBAL APPEND PROPERTY TRIAGEDESK_LAYERS ${name})
endfunction()

# td_add_test(NAME SOURCES ... LIBS ... [LABELS ...] [ENV ...] [TIMEOUT s] [SERIAL])
# One QtTest executable per test file, registered with ctest.
function(td_add_test name)
    cmake_parse_arguments(ARG "SERIAL" "TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
    qt_add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE triagedesk_settings Qt6::Test ${ARG_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set(env "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=*.debug=false")
    if(TARGET triagedesk-server)
        # Tests that need a server start this real binary on 127.0.0.1 port 0.
        list(APPEND env "TRIAGEDESK_SERVER_BIN=$<TARGET_FILE:triagedesk-server>")
        add_dependencies(${name} triagedesk-server)
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "${env};${ARG_ENV}")
    if(ARG_SERIAL)
        set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
    endif()
endfunction()

# Adds a folder only once it has a CMakeLists.txt, so layers can land one at a time.
macro(td_optional_subdirectory dir)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
        add_subdirectory(${dir})
    endif()
endmacro()
