#include "study_config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "specsweep/error.hpp"

namespace specsweep::app {

using ribbon::Given;
using ribbon::ParameterInfo;
using ribbon::ParameterKind;
using ribbon::Value;

namespace {

constexpr double kMaxGridCount = 1e7;

class ConfigReader {
 public:
  ConfigReader(std::string path, const std::vector<const ParameterInfo*>& rows)
      : path_(std::move(path)) {
    for (const ParameterInfo* p : rows) {
      if (p->kind == ParameterKind::Column) {
        const std::string array = p->key.substr(0, p->key.rfind('.'));
        columns_[array].push_back(p);
        sections_.insert(array.substr(0, array.find('.')));
      } else {
        keys_[p->key] = p;
        sections_.insert(p->key.substr(0, p->key.find('.')));
      }
    }
  }

  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(fmt::format("{}: {}", path_, problem));
  }

  std::vector<Given> read() {
    toml::table table;
    try {
      table = toml::parse_file(path_);
    } catch (const toml::parse_error& e) {
      if (!std::filesystem::is_regular_file(path_)) fail("cannot read the file");
      fail(fmt::format("line {}: {}", e.source().begin.line, e.description()));
    }
    for (const auto& [section, node] : table) {
      const std::string name(section.str());
      if (!sections_.count(name)) fail(fmt::format("unknown section [{}]", name));
      const toml::table* t = node.as_table();
      if (!t) fail(fmt::format("'{}' must be a [section]", name));
      for (const auto& [key, value] : *t) {
        const std::string full = name + "." + std::string(key.str());
        if (const auto k = keys_.find(full); k != keys_.end()) {
          given_.push_back({k->second->name, value_of(*k->second, full, value), where(full), 0});
        } else if (const auto c = columns_.find(full); c != columns_.end()) {
          read_ribbons(full, c->second, value);
        } else {
          fail(fmt::format("unknown key '{}'", full));
        }
      }
    }
    return std::move(given_);
  }

 private:
  std::string where(const std::string& key) const { return fmt::format("{}: {}", path_, key); }

  std::vector<double> numbers(const toml::array& a, const std::string& key) const {
    std::vector<double> v;
    for (const auto& e : a) {
      auto d = e.value<double>();  // integers convert too
      if (!d || e.is_boolean()) fail(fmt::format("{} must hold numbers only", key));
      v.push_back(*d);
    }
    return v;
  }

  // [[key]] strength = .., hw0_eV = .., gamma_eV = ..: one table per oscillator, flattened to
  // the row's (strength, hw0_eV, gamma_eV) triples.
  std::vector<double> oscillators(const toml::array& a, const std::string& key) const {
    if (!a.is_array_of_tables())
      fail(fmt::format("{} must be [[{}]] tables with {}, {}, {}", key, key,
                       ribbon::oscillator_fields[0], ribbon::oscillator_fields[1],
                       ribbon::oscillator_fields[2]));
    std::vector<double> v;
    for (size_t k = 0; k < a.size(); ++k) {
      const toml::table& t = *a[k].as_table();
      const std::string here = fmt::format("{}[{}]", key, k);
      for (const auto& [field, value] : t)
        if (std::find(std::begin(ribbon::oscillator_fields), std::end(ribbon::oscillator_fields),
                      field.str()) == std::end(ribbon::oscillator_fields))
          fail(fmt::format("unknown key '{}.{}'", here, field.str()));
      for (const char* field : ribbon::oscillator_fields) {
        const auto d = t[field].value<double>();
        if (!d || t[field].is_boolean()) fail(fmt::format("{} needs a number {}", here, field));
        v.push_back(*d);
      }
    }
    return v;
  }

  std::vector<double> range(const toml::table& t, const std::string& key) const {
    for (const auto& [k, value] : t)
      if (k.str() != "from" && k.str() != "to" && k.str() != "count")
        fail(fmt::format("unknown key '{}.{}' (a grid has from, to, count)", key, k.str()));
    auto from = t["from"].value<double>(), to = t["to"].value<double>();
    auto count = t["count"].value<int64_t>();
    if (!from || !to || !count || !t["count"].is_integer())
      fail(fmt::format("{} needs numbers from, to and an integer count", key));
    if (*count < 1 || double(*count) > kMaxGridCount)
      fail(fmt::format("{}.count must be between 1 and 1e7", key));
    return ribbon::linspace(*from, *to, static_cast<Index>(*count));
  }

  // TOML's own types become the table's: the row's kind then decides what it accepts.
  Value value_of(const ParameterInfo& p, const std::string& key, const toml::node& n) const {
    if (const auto* i = n.as_integer())
      return Value(std::in_place_type<Index>, static_cast<Index>(i->get()));
    if (const auto* d = n.as_floating_point()) return Value(std::in_place_type<double>, d->get());
    if (const auto* s = n.as_string()) {
      std::string text = s->get();
      if (p.kind == ParameterKind::Table || p.kind == ParameterKind::Medium) {
        // a file name, relative to this file
        const std::filesystem::path f(text);
        if (f.is_relative()) text = (std::filesystem::path(path_).parent_path() / f).string();
      }
      return text;
    }
    if (const auto* a = n.as_array())
      return p.kind == ParameterKind::Oscillators ? oscillators(*a, key) : numbers(*a, key);
    if (const auto* t = n.as_table()) return range(*t, key);
    fail(fmt::format("{}: expected a number, a word or a list", key));
  }

  // [[ribbon.strip]]: one table per ribbon, left to right, becomes one value per column.
  void read_ribbons(const std::string& array, const std::vector<const ParameterInfo*>& columns,
                    const toml::node& node) {
    const toml::array* a = node.as_array();
    if (!a || !a->is_array_of_tables() || a->empty())
      fail(fmt::format("{} must be [[{}]] tables, one per ribbon", array, array));
    std::map<std::string, const ParameterInfo*> by_key;
    for (const ParameterInfo* c : columns) by_key[c->key.substr(array.size() + 1)] = c;
    std::map<const ParameterInfo*, std::vector<double>> values;
    std::set<const ParameterInfo*> seen;
    for (size_t r = 0; r < a->size(); ++r) {
      const toml::table& entry = *(*a)[r].as_table();
      const std::string here = fmt::format("{}[{}]", array, r);
      for (const auto& [k, value] : entry)
        if (!by_key.count(std::string(k.str())))
          fail(fmt::format("unknown key '{}.{}'", here, k.str()));
      for (const auto& [k, c] : by_key) {
        const auto v = entry[k].value<double>();
        if (entry.contains(k) && (!v || entry[k].is_boolean()))
          fail(fmt::format("{}.{} must be a number", here, k));
        if (c->between && r == 0) {
          if (v) fail(fmt::format("{}.{}: the first ribbon has no gap before it", here, k));
          continue;
        }
        if (v) seen.insert(c);
        // Width and gap are needed for every ribbon they apply to; the E_F ratio defaults to 1.
        const bool defaulted = c->name == "ef_ratios";
        if (!v && !defaulted) fail(fmt::format("{} needs {}", here, k));
        values[c].push_back(v.value_or(1.0));
      }
    }
    for (const auto& [c, v] : values)
      if (seen.count(c)) given_.push_back({c->name, v, where(array), 0});
  }

  std::string path_;
  std::map<std::string, const ParameterInfo*> keys_;
  std::map<std::string, std::vector<const ParameterInfo*>> columns_;
  std::set<std::string> sections_;
  std::vector<Given> given_;
};

}  // namespace

std::vector<Given> config_values(const std::string& path,
                                 const std::vector<const ParameterInfo*>& rows) {
  if (path.empty()) return {};
  return ConfigReader(path, rows).read();
}

ParameterFlags::ParameterFlags(CLI::App& cmd, std::vector<const ParameterInfo*> rows,
                               const std::vector<std::string>& defaults,
                               const std::string& /*example: a file in the source tree only*/)
    : cmd_(&cmd), rows_(std::move(rows)) {
  // No ExistingFile check: an unreadable file is bad input (exit 3) like any other, and under
  // MPI every rank must reach the agreement on it.
  cmd.add_option("--config", *config_,
                 "TOML file; its keys are the 'TOML' names in the help of each flag below, and "
                 "--print-config prints them all with their defaults; a flag overrides the file");
  cmd.add_flag("--print-config", *print_,
               "print the parameters as a TOML config (every key, defaults included) and exit");
  text_->resize(rows_.size());
  for (size_t i = 0; i < rows_.size(); ++i) {
    const ParameterInfo& p = *rows_[i];
    std::string help = p.help;
    if (!p.unit.empty()) help += fmt::format(" [{}]", p.unit);
    std::vector<std::string> notes;
    if (!p.check.rule.empty()) notes.push_back(p.check.rule);
    if (!defaults[i].empty()) notes.push_back("default " + defaults[i]);
    if (!notes.empty()) help += fmt::format(" ({})", fmt::join(notes, "; "));
    if (p.kind == ParameterKind::Oscillators) {
      help += fmt::format("; TOML [[{}]] {}, {}, {}", p.key, ribbon::oscillator_fields[0],
                          ribbon::oscillator_fields[1], ribbon::oscillator_fields[2]);
    } else if (p.kind == ParameterKind::Column) {
      const size_t dot = p.key.rfind('.');
      help += fmt::format("; TOML [[{}]] {}", p.key.substr(0, dot), p.key.substr(dot + 1));
    } else {
      help += fmt::format("; TOML {}", p.key);
    }
    cmd.add_option(p.flag, (*text_)[i], help)->type_name(p.type_name());
  }
}

std::vector<Given> ParameterFlags::given() const {
  std::vector<Given> g = config_values(*config_, rows_);
  for (size_t i = 0; i < rows_.size(); ++i)
    if (cmd_->count(rows_[i]->flag) > 0)
      g.push_back({rows_[i]->name, ribbon::Text{(*text_)[i]}, rows_[i]->flag, 1});
  return g;
}

}  // namespace specsweep::app
