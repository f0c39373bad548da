// Tuning: the compiled switch points and the small key = value file that overrides them.
#include "specsweep/tuning.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>

#include "specsweep/error.hpp"

namespace specsweep {
namespace {

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

double parse_number(const std::string& text, const std::string& where) {
  const std::string t = trim(text);
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(t, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (t.empty() || used != t.size() || !std::isfinite(v))
    throw Error(fmt::format("{}: '{}' is not a number", where, t));
  return v;
}

Index parse_positive_index(const std::string& text, const std::string& where) {
  const double v = parse_number(text, where);
  if (v < 1 || v != std::floor(v) || v > 1e9)
    throw Error(fmt::format("{}: expected a whole number >= 1, got '{}'", where, trim(text)));
  return static_cast<Index>(v);
}

// k* at n from (n, k*) points: linear between them, proportional to n outside.
Index interpolate_crossover(const std::vector<std::pair<double, double>>& pts, Index n) {
  const double x = static_cast<double>(std::max<Index>(n, 1));
  if (pts.empty()) return 0;
  if (x <= pts.front().first) return static_cast<Index>(pts.front().second * x / pts.front().first);
  if (x >= pts.back().first) return static_cast<Index>(pts.back().second * x / pts.back().first);
  for (size_t i = 1; i < pts.size(); ++i)
    if (x <= pts[i].first) {
      const auto [x0, y0] = pts[i - 1];
      const auto [x1, y1] = pts[i];
      return static_cast<Index>(y0 + (y1 - y0) * (x - x0) / (x1 - x0));
    }
  return static_cast<Index>(pts.back().second);
}

// "n:k, n:k, ..." with n strictly ascending.
std::vector<std::pair<double, double>> parse_crossover(const std::string& value,
                                                       const std::string& at) {
  std::vector<std::pair<double, double>> pts;
  std::stringstream items(value);
  std::string item;
  while (std::getline(items, item, ',')) {
    const size_t colon = item.find(':');
    if (colon == std::string::npos) throw Error(at + ": expected n:shifts pairs, e.g. 256:670");
    const double n = parse_number(item.substr(0, colon), at);
    const double k = parse_number(item.substr(colon + 1), at);
    if (n < 1 || k < 0) throw Error(at + ": n must be >= 1 and shifts >= 0");
    if (!pts.empty() && n <= pts.back().first)
      throw Error(at + ": the n values must be strictly ascending");
    pts.emplace_back(n, k);
  }
  if (pts.empty()) throw Error(at + ": needs at least one n:shifts pair");
  return pts;
}

std::string crossover_text(const std::vector<std::pair<double, double>>& pts) {
  std::string text;
  for (const auto& [n, k] : pts) text += fmt::format("{}{}:{}", text.empty() ? "" : ", ", n, k);
  return text;
}

}  // namespace

Index Tuning::hessenberg_beats_schur_below(Index n) const {
  return interpolate_crossover(hessenberg_crossover, n);
}
Index Tuning::hessenberg_beats_qz_below(Index n) const {
  return interpolate_crossover(pencil_hessenberg_crossover, n);
}

Tuning Tuning::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(fmt::format("{}: cannot open the tuning file", path));
  Tuning t;
  std::string line;
  for (int lineno = 1; std::getline(in, line); ++lineno) {
    const std::string where = fmt::format("{}: line {}", path, lineno);
    const std::string body = trim(line.substr(0, line.find('#')));
    if (body.empty()) continue;
    const size_t eq = body.find('=');
    if (eq == std::string::npos) throw Error(where + ": expected 'key = value'");
    const std::string key = trim(body.substr(0, eq)), value = body.substr(eq + 1);
    const std::string at = where + ": " + key;
    if (key == "hessenberg_crossover") {
      t.hessenberg_crossover = parse_crossover(value, at);
    } else if (key == "pencil_hessenberg_crossover") {
      t.pencil_hessenberg_crossover = parse_crossover(value, at);
    } else if (key == "gees_single_thread_max_n") {
      t.gees_single_thread_max_n = parse_positive_index(value, at);
    } else if (key == "threaded_sweep_min_n") {
      t.threaded_sweep_min_n = parse_positive_index(value, at);
    } else if (key == "block_min") {
      t.block_min = parse_positive_index(value, at);
    } else if (key == "block_max") {
      t.block_max = parse_positive_index(value, at);
    } else {
      throw Error(fmt::format("{}: unknown key '{}'", where, key));
    }
  }
  if (t.block_min > t.block_max)
    throw Error(fmt::format("{}: block_min {} is larger than block_max {}", path, t.block_min,
                            t.block_max));
  return t;
}

std::string Tuning::to_text() const {
  return fmt::format(
      "# specsweep tuning: switch points measured on this machine (specsweep calibrate)\n"
      "hessenberg_crossover = {}\n"
      "pencil_hessenberg_crossover = {}\n"
      "gees_single_thread_max_n = {}\n"
      "threaded_sweep_min_n = {}\n"
      "block_min = {}\n"
      "block_max = {}\n",
      crossover_text(hessenberg_crossover), crossover_text(pencil_hessenberg_crossover),
      gees_single_thread_max_n, threaded_sweep_min_n, block_min, block_max);
}

}  // namespace specsweep
