// `specsweep freqresp` on the real binary: .npy and .mat models, --out/--json/--csv/--plot,
// --omega-auto peaks against the closed form, and bad .mat files (exit 3, one line naming the
// file, nothing written).
#include <doctest/doctest.h>
#include <matio.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "apps/cli_runner.hpp"
#include "specsweep/io/npy.hpp"

using namespace cli_test;

namespace {

const std::string kCli = SPECSWEEP_CLI;

std::string f8(const std::string& shape, const std::vector<double>& v) { return npy("<f8", shape, raw(v)); }

// The damped oscillator G(s) = wn^2 / (s^2 + 2 zeta wn s + wn^2) as .npy files (C order).
void write_oscillator(const ScratchDir& d, double wn, double zeta) {
  write_file(d / "A.npy", f8("(2, 2)", {0, 1, -wn * wn, -2 * zeta * wn}));
  write_file(d / "B.npy", f8("(2, 1)", {0, wn * wn}));
  write_file(d / "C.npy", f8("(1, 2)", {1, 0}));
}

std::complex<double> G(double wn, double zeta, double w) {
  const std::complex<double> s(0, w);
  return wn * wn / (s * s + 2 * zeta * wn * s + wn * wn);
}

}  // namespace

TEST_CASE("freqresp CLI: npy model, G.npy (k, p, m), JSON summary and CSV") {
  ScratchDir d("freqresp_cli");
  write_oscillator(d, 2.0, 0.1);
  const RunResult r = run({kCli, "freqresp", "--A", d / "A.npy", "--B", d / "B.npy", "--C",
                           d / "C.npy", "--omega-range", "0.1:10:50", "--out", d / "G.npy",
                           "--csv", d / "G.csv", "--json"},
                          d.path.string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["frequencies"] == 50);
  CHECK(j["flagged"].empty());
  CHECK(j["seconds"].contains("factor"));
  CHECK(j["seconds"].contains("sweep"));
  CHECK(!j["reason"].get<std::string>().empty());
  const auto g = specsweep::io::read_npy(d / "G.npy");
  REQUIRE(g.shape == std::vector<specsweep::Index>{50, 1, 1});
  for (std::size_t k = 0; k < 50; ++k) {
    const double w = 0.1 * std::pow(100.0, double(k) / 49.0);
    CHECK(std::abs(g.value(k) - G(2.0, 0.1, w)) <= 1e-11 * std::abs(G(2.0, 0.1, w)));
  }
  const std::string csv = read_file(d / "G.csv");
  CHECK(csv.rfind("omega,output,input,re,im,magnitude_db,phase_deg\n", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 51);
}

TEST_CASE("freqresp CLI: --omega-auto reports the oscillator's resonance peak, --plot draws") {
  ScratchDir d("freqresp_auto");
  const double wn = 5.0, zeta = 0.02;
  write_oscillator(d, wn, zeta);
  const RunResult r = run({kCli, "freqresp", "--A", d / "A.npy", "--B", d / "B.npy", "--C",
                           d / "C.npy", "--omega-auto", "--plot", d / "bode.png", "--json"},
                          d.path.string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["peaks"].size() == 1);
  const double peak = 1 / (2 * zeta * std::sqrt(1 - zeta * zeta)), at = wn * std::sqrt(1 - 2 * zeta * zeta);
  // Same tolerances as the library test of resonance_peaks (zoom plus parabola).
  CHECK(std::abs(j["peaks"][0]["magnitude"].get<double>() - peak) <= 1e-9 * peak);
  CHECK(std::abs(j["peaks"][0]["omega"].get<double>() - at) <= 1e-6 * at);
  CHECK(read_file(d / "bode.png").rfind("\x89PNG", 0) == 0);
}

TEST_CASE("freqresp CLI: bad .mat files and bad options exit non-zero, name the problem, write nothing") {
  ScratchDir d("freqresp_bad");
  write_file(d / "junk.mat", std::string(200, 'z'));
  RunResult r = run({kCli, "freqresp", "--model", d / "junk.mat", "--omega-range", "1:10:5", "--out",
                     d / "G.npy", "--csv", d / "G.csv"},
                    d.path.string());
  CHECK(r.exit_code == 3);
  CHECK(r.err.rfind("specsweep: " + (d / "junk.mat") + ": ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(d / "G.npy"));
  CHECK_FALSE(fs::exists(d / "G.csv"));

  // A MAT file without C.
  {
    mat_t* mat = Mat_CreateVer((d / "noc.mat").c_str(), nullptr, MAT_FT_MAT5);
    REQUIRE(mat);
    double a[4] = {0, -1, 1, 0}, b[2] = {0, 1};
    size_t da[2] = {2, 2}, db[2] = {2, 1};
    matvar_t* va = Mat_VarCreate("A", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, da, a, 0);
    matvar_t* vb = Mat_VarCreate("B", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, db, b, 0);
    Mat_VarWrite(mat, va, MAT_COMPRESSION_NONE);
    Mat_VarWrite(mat, vb, MAT_COMPRESSION_NONE);
    Mat_VarFree(va);
    Mat_VarFree(vb);
    Mat_Close(mat);
  }
  r = run({kCli, "freqresp", "--model", d / "noc.mat", "--omega-range", "1:10:5", "--out", d / "G.npy"},
          d.path.string());
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("no variable C") != std::string::npos);
  CHECK_FALSE(fs::exists(d / "G.npy"));

  write_oscillator(d, 1.0, 0.1);
  r = run({kCli, "freqresp", "--A", d / "A.npy", "--B", d / "B.npy", "--C", d / "C.npy",
           "--omega-range", "10:1:5"},
          d.path.string());
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("--omega-range") != std::string::npos);
  r = run({kCli, "freqresp", "--A", d / "A.npy", "--B", d / "B.npy", "--omega-range", "1:10:5"},
          d.path.string());
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("--C") != std::string::npos);
}

TEST_CASE("freqresp CLI: certified outputs in the JSON, every frequency with --refine") {
  ScratchDir d("freqresp_refine");
  write_oscillator(d, 2.0, 0.1);
  for (const bool refine : {false, true}) {
    std::vector<std::string> args{kCli, "freqresp", "--A", d / "A.npy", "--B", d / "B.npy", "--C",
                                  d / "C.npy", "--omega-range", "0.1:100:30", "--json"};
    if (refine) args.push_back("--refine");
    const RunResult r = run(args, d.path.string());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    const auto& c = j["certified"];
    if (refine) {
      CHECK(c["checked"] == 30);
      REQUIRE(c["frequencies"].size() == 30);
      // Backward errors of a refined solve are at rounding level (a few eps).
      CHECK(c["max_backward_error"].get<double>() <= 1e-14);
      CHECK(c["max_componentwise_backward_error"].get<double>() <= 1e-14);
    } else {
      // The oscillator's outputs are not at risk (|G| ~ ||c|| ||x|| everywhere): fast path.
      CHECK(c["checked"] == 0);
    }
  }
}
