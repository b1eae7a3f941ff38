# Checks README.md's "Which network can I build" table against the headers.
#
#   cmake -DREADME=README.md -DINCLUDE_DIR=include -P check_readme_table.cmake
#
# The table lies between the lines "<!-- capabilities -->" and "<!-- end capabilities -->".
# 1. Every header it names (`constgrad/...hpp`) exists in INCLUDE_DIR.
# 2. Every name it gives (`nn::x`, `optim::x`, `io::x`, template arguments aside) is declared
#    in one of the headers of its row (struct/class/using x, a constexpr object x, a function x).
# 3. Nothing is missing: every layer of nn/ (a struct or alias whose template starts with
#    std::size_t In), every activation struct of nn/activations.hpp, every loss object of
#    nn/losses.hpp and every optimizer struct of optim/ is named in the table.
# Prints every problem, then fails if there was one.
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS README INCLUDE_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_readme_table.cmake: pass -D${var}=...")
  endif()
endforeach()
get_filename_component(INCLUDE_DIR "${INCLUDE_DIR}" ABSOLUTE)
file(READ "${README}" readme)
set(errors 0)

string(FIND "${readme}" "<!-- capabilities -->" begin)
string(FIND "${readme}" "<!-- end capabilities -->" end)
if(begin EQUAL -1 OR end EQUAL -1 OR end LESS begin)
  message(FATAL_ERROR "${README}: the table between <!-- capabilities --> and "
                      "<!-- end capabilities --> is missing")
endif()
math(EXPR length "${end} - ${begin}")
string(SUBSTRING "${readme}" ${begin} ${length} table)

# 1 and 2, row by row. Lines are read with string(FIND), never as a CMake list.
set(names_in_table "|")
set(rows 0)
set(rest "${table}")
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" eol)
  if(eol EQUAL -1)
    set(line "${rest}")
    set(rest "")
  else()
    string(SUBSTRING "${rest}" 0 ${eol} line)
    math(EXPR next "${eol} + 1")
    string(SUBSTRING "${rest}" ${next} -1 rest)
  endif()
  if(NOT line MATCHES "^\\|" OR line MATCHES "^\\|[-|: ]*$")
    continue()
  endif()
  math(EXPR rows "${rows} + 1")
  string(REGEX MATCHALL "`constgrad/[a-z0-9_/]+\\.hpp`" headers "${line}")
  set(code "")
  foreach(header IN LISTS headers)
    string(REPLACE "`" "" header "${header}")
    if(NOT EXISTS "${INCLUDE_DIR}/${header}")
      message(SEND_ERROR "${README}: the table names ${header}, which is not in ${INCLUDE_DIR}")
      math(EXPR errors "${errors} + 1")
    else()
      file(READ "${INCLUDE_DIR}/${header}" header_code)
      string(APPEND code "${header_code}")
    endif()
  endforeach()
  string(REGEX MATCHALL "`(nn|optim|io)::[a-z_0-9]+" names "${line}")
  foreach(name IN LISTS names)
    string(REGEX REPLACE "^`(nn|optim|io)::" "" id "${name}")
    string(APPEND names_in_table "${id}|")
    if(NOT code MATCHES "(struct|class|using)[ \t]+${id}[ \t\n{<=;]"
       AND NOT code MATCHES "constexpr[^;=\n]*[ \t]${id}[ \t]*(=|{})"
       AND NOT code MATCHES "[ \t*&>]${id}\\(")
      string(REPLACE "`" "" name "${name}")
      message(SEND_ERROR "${README}: the table names ${name}, which none of its row's headers "
                         "declares (${headers})")
      math(EXPR errors "${errors} + 1")
    endif()
  endforeach()
endwhile()
if(rows LESS 5)
  message(SEND_ERROR "${README}: found only ${rows} rows in the table: the scan is broken")
  math(EXPR errors "${errors} + 1")
endif()

# 3. Everything public is in the table.
function(require_listed kind file regex)
  file(READ "${INCLUDE_DIR}/${file}" code)
  string(REGEX MATCHALL "${regex}" found "${code}")
  set(count 0)
  foreach(match IN LISTS found)
    if(match MATCHES "variable<")  # the formula variables of a loss, not losses
      continue()
    endif()
    string(REGEX REPLACE "${regex}" "\\1" id "${match}")
    math(EXPR count "${count} + 1")
    string(FIND "${names_in_table}" "|${id}|" listed)
    if(listed EQUAL -1)
      message(SEND_ERROR "${README}: the table lacks the ${kind} ${id} (constgrad/${file})")
      math(EXPR errors "${errors} + 1")
    endif()
  endforeach()
  set(errors ${errors} PARENT_SCOPE)
  set(count_${kind} ${count} PARENT_SCOPE)
endfunction()

file(GLOB nn_headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/constgrad/nn/*.hpp")
set(count_layers 0)
foreach(header IN LISTS nn_headers)
  require_listed(layer "${header}"
                 "template <std::size_t In[^>]*>[ \t\n]*[a-z]+ ([a-z_0-9]+)")
  math(EXPR count_layers "${count_layers} + ${count_layer}")
endforeach()
require_listed(activation constgrad/nn/activations.hpp "\nstruct ([a-z_0-9]+) {")
require_listed(loss constgrad/nn/losses.hpp "\ninline constexpr [^\n=]* ([a-z_0-9]+)( =|{})")
file(GLOB optim_headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/constgrad/optim/*.hpp")
set(count_optimizers 0)
foreach(header IN LISTS optim_headers)
  require_listed(optimizer "${header}" "\nstruct ([a-z_0-9]+) {")
  math(EXPR count_optimizers "${count_optimizers} + ${count_optimizer}")
endforeach()
if(count_layers LESS 2 OR count_activation LESS 3 OR count_loss LESS 2 OR count_optimizers LESS 3)
  message(SEND_ERROR "check_readme_table.cmake found only ${count_layers} layers, "
                     "${count_activation} activations, ${count_loss} losses, ${count_optimizers} "
                     "optimizers in the headers: the scan is broken")
  math(EXPR errors "${errors} + 1")
endif()

if(errors GREATER 0)
  message(FATAL_ERROR "${errors} problem(s) between the table of ${README} and the headers")
endif()
message(STATUS "${README}'s table: ${rows} rows match the headers; it names all ${count_layers} "
               "layers, ${count_activation} activations, ${count_loss} losses and "
               "${count_optimizers} optimizers")
