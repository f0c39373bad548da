#include "study_config.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "specsweep/error.hpp"

namespace specsweep::app {

namespace {
constexpr double kMaxGridCount = 1e7;
}

std::vector<double> linspace(double from, double to, Index count) {
  std::vector<double> v(static_cast<size_t>(count));
  for (Index i = 0; i < count; ++i)
    v[static_cast<size_t>(i)] =
        count == 1 ? from : from + (to - from) * double(i) / double(count - 1);
  return v;
}

std::vector<double> parse_grid(const std::string& text, const std::string& what) {
  auto number = [&](const std::string& s) {
    try {
      size_t used = 0;
      const double v = std::stod(s, &used);
      if (used == s.size() && std::isfinite(v)) return v;
    } catch (const std::exception&) {
    }
    throw Error(fmt::format("{}: '{}' is not a number", what, s));
  };
  std::vector<std::string> parts;
  const char sep = text.find(':') != std::string::npos ? ':' : ',';
  for (size_t start = 0;;) {
    const size_t end = text.find(sep, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (sep == ':') {
    require(parts.size() == 3, fmt::format("{}: a range is from:to:count, got '{}'", what, text));
    const double count = number(parts[2]);
    require(count >= 1 && count <= kMaxGridCount && count == std::floor(count),
            fmt::format("{}: count must be an integer in [1, 1e7], got '{}'", what, parts[2]));
    return linspace(number(parts[0]), number(parts[1]), static_cast<Index>(count));
  }
  std::vector<double> v;
  for (const auto& p : parts) v.push_back(number(p));
  return v;
}

StudyConfig::StudyConfig(std::string path, const KnownKeys& known) : path_(std::move(path)) {
  if (path_.empty()) return;
  try {
    table_ = toml::parse_file(path_);
  } catch (const toml::parse_error& e) {
    if (!std::filesystem::is_regular_file(path_)) fail("cannot read the file");
    fail(fmt::format("line {}: {}", e.source().begin.line, e.description()));
  }
  for (const auto& [section, node] : table_) {
    const std::string name(section.str());
    const auto k = known.find(name);
    if (k == known.end()) fail(fmt::format("unknown section [{}]", name));
    const toml::table* t = node.as_table();
    if (!t) fail(fmt::format("'{}' must be a [section]", name));
    for (const auto& [key, value] : *t)
      if (!k->second.count(std::string(key.str())))
        fail(fmt::format("unknown key '{}.{}'", name, key.str()));
  }
}

void StudyConfig::fail(const std::string& problem) const {
  throw Error(fmt::format("{}: {}", path_, problem));
}

const toml::node* StudyConfig::node(const char* section, const char* key) const {
  return table_.at_path(fmt::format("{}.{}", section, key)).node();
}

std::optional<double> StudyConfig::number(const char* section, const char* key) const {
  const toml::node* n = node(section, key);
  if (!n) return std::nullopt;
  if (auto v = n->value<double>()) return *v;  // integers convert too
  fail(fmt::format("{}.{} must be a number", section, key));
}

std::optional<Index> StudyConfig::integer(const char* section, const char* key) const {
  const toml::node* n = node(section, key);
  if (!n) return std::nullopt;
  if (auto v = n->as_integer()) return static_cast<Index>(v->get());
  fail(fmt::format("{}.{} must be an integer", section, key));
}

std::optional<std::string> StudyConfig::string(const char* section, const char* key) const {
  const toml::node* n = node(section, key);
  if (!n) return std::nullopt;
  if (auto v = n->value<std::string>()) return *v;
  fail(fmt::format("{}.{} must be a string", section, key));
}

std::optional<std::vector<double>> StudyConfig::grid(const char* section, const char* key) const {
  const toml::node* n = node(section, key);
  if (!n) return std::nullopt;
  const std::string name = fmt::format("{}.{}", section, key);
  if (const toml::array* a = n->as_array()) {
    std::vector<double> v;
    for (const auto& e : *a) {
      auto d = e.value<double>();
      if (!d) fail(fmt::format("{} must hold numbers only", name));
      v.push_back(*d);
    }
    return v;
  }
  if (const toml::table* t = n->as_table()) {
    for (const auto& [k, value] : *t)
      if (k.str() != "from" && k.str() != "to" && k.str() != "count")
        fail(fmt::format("unknown key '{}.{}' (a grid has from, to, count)", name, k.str()));
    auto from = (*t)["from"].value<double>(), to = (*t)["to"].value<double>();
    auto count = (*t)["count"].value<int64_t>();
    if (!from || !to || !count)
      fail(fmt::format("{} needs numbers from, to and an integer count", name));
    if (*count < 1 || double(*count) > kMaxGridCount)
      fail(fmt::format("{}.count must be between 1 and 1e7", name));
    return linspace(*from, *to, static_cast<Index>(*count));
  }
  fail(fmt::format("{} must be an array or {{ from, to, count }}", name));
}

}  // namespace specsweep::app
