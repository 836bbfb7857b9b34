# Writes OUT, a header holding each compute shader of SHADERS (a ;-list) as a string, so the
# GL library carries its GLSL (DESIGN.md: shaders embedded at build time).
set(body "")
set(table "")
foreach(path IN LISTS SHADERS)
  get_filename_component(name ${path} NAME_WE)
  file(READ ${path} source)
  string(APPEND body "inline constexpr const char* kShader_${name} = R\"glsl(${source})glsl\";\n")
  string(APPEND table "        {\"${name}\", kShader_${name}},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from shaders/*.comp by core/gl/embed_shaders.cmake — do not edit.\n#pragma once\n#include <utility>\n#include <vector>\n\nnamespace es {\n\n${body}\ninline const std::vector<std::pair<const char*, const char*>>& embedded_compute_shaders() {\n    static const std::vector<std::pair<const char*, const char*>> all = {\n${table}    };\n    return all;\n}\n\n} // namespace es\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
