// The engine benchmark: x(s) = (I - sA)^-1 b for one real A and Drude-shaped shifts
// s = -0.3 / (hw (hw + 0.01i)), hw evenly spaced on [0.05, 1], measured in one run for
//   specsweep (auto, a stable route), the direct LU loop, SLICOT TB05AD (one shift per call,
//   z = 1/s) and NumPy's eig + broadcast code (eig, broadcast division, V @ temp.T),
// plus the DGEMM/ZGEMM rate, so the sweep phase is reported as a fraction of GEMM speed.
// Prints one JSON object of seconds and ratios. The direct loop and SLICOT are timed on an
// evenly spaced subset of the shifts and extrapolated (each shift costs the same for them).
//
//   bench_engine_vs_peers --n 512 --shifts 2000 --numpy-script bench_engine_vs_peers.py
//   bench_engine_vs_peers --memory-check --n 256 --shifts 1000000 --rows 4
#include <fmt/format.h>
#include <omp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"
#include "specsweep/resolvent.hpp"
#include "bench_support.hpp"

using namespace specsweep;
using json = nlohmann::json;


namespace {

using bench::Clock;
using bench::seconds_since;

struct Args {
  Index n = 512, shifts = 2000, direct_subset = 12, slicot_subset = 0, rows = 4;
  int repeats = 3;
  bool memory_check = false;
  std::string python = "/usr/bin/python3", numpy_script;
};

Args parse(int argc, char** argv) {
  Args a;
  bench::parse_arguments(argc, argv,
                         {{"--n", bench::value_of(a.n)},
                          {"--shifts", bench::value_of(a.shifts)},
                          {"--direct-subset", bench::value_of(a.direct_subset)},
                          {"--slicot-subset", bench::value_of(a.slicot_subset)},
                          {"--rows", bench::value_of(a.rows)},
                          {"--repeats", bench::value_of(a.repeats)},
                          {"--python", bench::value_of(a.python)},
                          {"--numpy-script", bench::value_of(a.numpy_script)},
                          {"--memory-check", bench::switch_of(a.memory_check)}});
  require(a.n >= 2 && a.shifts >= 2, "bench: need n >= 2 and at least 2 shifts");
  return a;
}

std::vector<cplx> drude_shifts(Index k) {
  std::vector<cplx> s(static_cast<size_t>(k));
  for (Index j = 0; j < k; ++j) {
    const double hw = 0.05 + 0.95 * double(j) / double(k - 1);
    s[static_cast<size_t>(j)] = -0.3 / (hw * cplx(hw, 0.01));
  }
  return s;
}

MatrixXd gaussian(Index rows, Index cols, unsigned seed, double scale) {
  std::mt19937_64 gen(seed);
  std::normal_distribution<double> N01;
  return MatrixXd::NullaryExpr(rows, cols, [&] { return scale * N01(gen); });
}

std::vector<Index> subset(Index k, Index count) {
  count = std::clamp<Index>(count, 2, k);
  std::vector<Index> idx;
  for (Index i = 0; i < count; ++i) idx.push_back(i * (k - 1) / (count - 1));
  return idx;
}

double max_rel_diff(const SweepResult& x, const std::vector<Index>& idx, const MatrixXcd& ref) {
  double worst = 0;
  for (size_t c = 0; c < idx.size(); ++c) {
    double num = 0, den = 0;
    for (Index i = 0; i < x.outputs; ++i) {
      num += std::norm(x(idx[c], i) - ref(i, static_cast<Index>(c)));
      den += std::norm(ref(i, static_cast<Index>(c)));
    }
    worst = std::max(worst, std::sqrt(num / den));
  }
  return worst;
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// GFLOP/s of op(n x n) * (n x cols) in real (interleaved complex, as the real-basis sweeps use)
// and complex arithmetic: the ceiling the sweep phase is compared against.
std::pair<double, double> gemm_rates(Index n, Index cols, int repeats) {
  const MatrixXd A = gaussian(n, n, 3, 1.0), B = gaussian(n, 2 * cols, 4, 1.0);
  MatrixXd C(n, 2 * cols);
  MatrixXcd Az = A.cast<cplx>(), Bz(n, cols), Cz(n, cols);
  Bz.real() = B.leftCols(cols);
  Bz.imag() = B.rightCols(cols);
  double td = 1e300, tz = 1e300;
  for (int r = 0; r < repeats; ++r) {
    auto t0 = Clock::now();
    linalg::gemm(linalg::Op::N, linalg::Op::N, n, 2 * cols, n, 1.0, A.data(), n, B.data(), n,
                 0.0, C.data(), n);
    td = std::min(td, seconds_since(t0));
    t0 = Clock::now();
    linalg::gemm(linalg::Op::N, linalg::Op::N, n, cols, n, cplx(1.0), Az.data(), n, Bz.data(), n,
                 cplx(0.0), Cz.data(), n);
    tz = std::min(tz, seconds_since(t0));
  }
  return {2.0 * double(n) * double(n) * double(2 * cols) / td * 1e-9,
          8.0 * double(n) * double(n) * double(cols) / tz * 1e-9};
}

// Real flops of the sweep phase per shift, in the arithmetic its GEMMs run in: the real Schur
// route does T_{J,>J} Y (n^2/2 real x complex = 2 n^2) and Q Y (4 n^2) as dgemm on interleaved
// data; a real modal basis V Y is 4 n^2; complex T and Q are 1.5 n^2 complex MACs = 12 n^2.
// Hessenberg and direct are not GEMM-shaped: no fraction is reported for them.
double sweep_flops_per_shift(Route r, bool real_factors, Index n) {
  const double n2 = double(n) * double(n);
  switch (r) {
    case Route::Schur: return real_factors ? 6 * n2 : 12 * n2;
    case Route::EigHermitian:
    case Route::EigSymmetricDefinite: return 4 * n2;
    case Route::Eig: return 8 * n2;
    default: return 0;
  }
}

struct SlicotTiming {
  double first = 0, per_shift = 0;
  MatrixXcd x;  // x(s) for the subset, column per shift
};

// TB05AD on the subset: first call reduces A to Hessenberg form, the others reuse it. C = I so
// G = (zI - A)^-1 b is the full state, and x(s) = z G with z = 1/s.
SlicotTiming run_slicot(const MatrixXd& A, const VectorXd& b, const std::vector<cplx>& s,
                        const std::vector<Index>& idx) {
  const int n = static_cast<int>(A.rows()), m = 1, p = n;
  MatrixXd a = A, c = MatrixXd::Identity(n, n);
  VectorXd bb = b;
  std::vector<std::complex<double>> g(static_cast<size_t>(n)), hinvb(static_cast<size_t>(n));
  std::vector<double> evre(static_cast<size_t>(n)), evim(static_cast<size_t>(n));
  std::vector<int> iwork(static_cast<size_t>(n));
  const int ldwork = 64 * n, lzwork = n * n + 2 * n;
  std::vector<double> dwork(static_cast<size_t>(ldwork));
  std::vector<std::complex<double>> zwork(static_cast<size_t>(lzwork));
  SlicotTiming out;
  out.x.resize(n, static_cast<Index>(idx.size()));
  double rcond = 0;
  auto t0 = Clock::now();
  for (size_t j = 0; j < idx.size(); ++j) {
    const cplx z = 1.0 / s[static_cast<size_t>(idx[j])];
    const char inita = j == 0 ? 'G' : 'H';
    int info = 0;
    tb05ad_("N", &inita, &n, &m, &p, &z, a.data(), &n, bb.data(), &n, c.data(), &n, &rcond,
            g.data(), &n, evre.data(), evim.data(), hinvb.data(), &n, iwork.data(), dwork.data(),
            &ldwork, zwork.data(), &lzwork, &info, 1, 1);
    if (info < 0) throw Error(fmt::format("bench: TB05AD argument {} illegal", -info), ErrorKind::Runtime);
    for (int i = 0; i < n; ++i) out.x(i, static_cast<Index>(j)) = z * g[static_cast<size_t>(i)];
    if (j == 0) {
      out.first = seconds_since(t0);
      t0 = Clock::now();
    }
  }
  out.per_shift = seconds_since(t0) / double(idx.size() - 1);
  return out;
}

template <class T>
void dump(const std::filesystem::path& file, const T* data, size_t count) {
  std::ofstream f(file, std::ios::binary);
  f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(count * sizeof(T)));
  if (!f) throw Error(fmt::format("bench: cannot write {}", file.string()), ErrorKind::Output);
}

struct NumpyRun {
  json timings;             // as printed by the script; empty when it failed
  MatrixXcd x;              // its x(s) on the reference subset, column per shift
};

// Runs NumPy's eig + broadcast code on the same A, b, shifts in a separate /usr/bin/python3.
NumpyRun run_numpy(const Args& a, const MatrixXd& A, const VectorXd& b, const std::vector<cplx>& s,
                   const std::vector<Index>& idx) {
  char tmpl[] = "/tmp/specsweep-bench-XXXXXX";
  require(mkdtemp(tmpl) != nullptr, "bench: cannot create a temporary directory");
  const std::filesystem::path dir = tmpl;
  dump(dir / "A.bin", A.data(), size_t(A.size()));
  dump(dir / "b.bin", b.data(), size_t(b.size()));
  dump(dir / "s.bin", s.data(), s.size());
  std::vector<std::int64_t> idx64(idx.begin(), idx.end());
  dump(dir / "idx.bin", idx64.data(), idx64.size());
  const std::string cmd = fmt::format("'{}' '{}' '{}' {} {} {}", a.python, a.numpy_script,
                                      dir.string(), a.n, a.shifts, a.repeats);
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (fgets(buf, sizeof buf, p)) out += buf;
    if (pclose(p) != 0) out.clear();
  }
  NumpyRun r;
  if (!out.empty()) {
    r.timings = json::parse(out);
    r.x.resize(a.n, static_cast<Index>(idx.size()));
    std::ifstream f(dir / "x_numpy.bin", std::ios::binary);
    f.read(reinterpret_cast<char*>(r.x.data()), static_cast<std::streamsize>(r.x.size() * sizeof(cplx)));
    if (!f) r.x.resize(0, 0);
  }
  std::filesystem::remove_all(dir);
  return r;
}

json bench_peers(const Args& a) {
  const Index n = a.n, k = a.shifts;
  const MatrixXd A = gaussian(n, n, 1, 1.0 / std::sqrt(double(n)));  // spectral radius ~ 1
  const VectorXd b = gaussian(n, 1, 2, 1.0);
  const MatrixXcd B = b.cast<cplx>();
  const std::vector<cplx> s = drude_shifts(k);
  json j;
  j["problem"] = {{"n", n}, {"shifts", k}, {"A", "real Gaussian / sqrt(n)"},
                  {"shift_formula", "s = -0.3/(hw (hw + 0.01i)), hw in [0.05, 1]"},
                  {"threads", omp_get_max_threads()}, {"blas_threading", linalg::to_string(linalg::blas_threading())}};

  // specsweep, auto with the shift count announced (best of repeats).
  Options o;
  o.expected_shifts = k;
  double t_factor = 1e300, t_sweep = 1e300, t_stream = 1e300;
  Route route{};
  std::string reason;
  Diagnostics diag;
  SweepResult x;
  for (int r = 0; r < a.repeats; ++r) {
    auto t0 = Clock::now();
    Resolvent R(A, o);
    t_factor = std::min(t_factor, seconds_since(t0));
    x = SweepResult{};  // release the last result first, as the NumPy run frees its X
    t0 = Clock::now();
    x = R.solve(s, B);
    t_sweep = std::min(t_sweep, seconds_since(t0));
    // The same sweep streamed to a sink that keeps nothing: the route's own cost, without
    // allocating and first-touching the k x n result.
    t0 = Clock::now();
    R.sweep(s, B, nullptr, [](Index, Index, const cplx*) {});
    t_stream = std::min(t_stream, seconds_since(t0));
    route = R.route();
    reason = R.reason();
    diag = R.diagnostics();
  }
  const double t_ours = t_factor + t_sweep;
  require(route != Route::Eig, "bench: auto must use a stable route here");

  // Direct LU loop on a subset, extrapolated; also the accuracy reference for the subset.
  const auto dsub = subset(k, a.direct_subset);
  std::vector<cplx> ds;
  for (Index i : dsub) ds.push_back(s[static_cast<size_t>(i)]);
  Options od;
  od.method = Method::Direct;
  Resolvent D(A, od);
  auto t0 = Clock::now();
  const SweepResult xd = D.solve(ds, B);
  const double t_direct = seconds_since(t0) / double(dsub.size()) * double(k);
  MatrixXcd ref(n, static_cast<Index>(dsub.size()));
  for (size_t c = 0; c < dsub.size(); ++c)
    for (Index i = 0; i < n; ++i) ref(i, static_cast<Index>(c)) = xd(static_cast<Index>(c), i);

  // SLICOT TB05AD.
  const auto ssub = subset(k, a.slicot_subset > 0 ? a.slicot_subset : k);
  const SlicotTiming sl = run_slicot(A, b, s, ssub);
  const double t_slicot = sl.first + sl.per_shift * double(k - 1);
  MatrixXcd ours_on_ssub(n, static_cast<Index>(ssub.size()));
  for (size_t c = 0; c < ssub.size(); ++c)
    for (Index i = 0; i < n; ++i) ours_on_ssub(i, static_cast<Index>(c)) = x(ssub[c], i);
  double slicot_diff = 0;
  for (Index c = 0; c < ours_on_ssub.cols(); ++c)
    slicot_diff = std::max(slicot_diff, (sl.x.col(c) - ours_on_ssub.col(c)).norm() / ours_on_ssub.col(c).norm());

  // GEMM ceiling at the sweep's shape (n x n times n x block).
  const Index block = std::min<Index>(k, 2048);
  const auto [dgemm, zgemm] = gemm_rates(n, block, a.repeats);
  const double flops = sweep_flops_per_shift(route, true, n) * double(k);
  const double sweep_gflops = flops / t_sweep * 1e-9;

  j["specsweep"] = {{"route", to_string(route)},
                    {"reason", reason},
                    {"factor_seconds", t_factor},
                    {"sweep_seconds", t_sweep},
                    {"sweep_streamed_seconds", t_stream},
                    {"total_seconds", t_ours},
                    {"departure_from_normality", diag.departure_from_normality},
                    {"flagged_shifts", x.flagged.size()},
                    {"max_rel_diff_vs_direct", max_rel_diff(x, dsub, ref)}};
  j["direct_lu_loop"] = {{"seconds_extrapolated", t_direct}, {"timed_shifts", dsub.size()}};
  j["slicot_tb05ad"] = {{"seconds_extrapolated", t_slicot},
                        {"first_call_seconds", sl.first},
                        {"per_shift_seconds", sl.per_shift},
                        {"timed_shifts", ssub.size()},
                        {"max_rel_diff_vs_specsweep", slicot_diff}};
  j["gemm"] = {{"dgemm_gflops", dgemm}, {"zgemm_gflops", zgemm}, {"shape", fmt::format("{0}x{0} * {0}x{1}", n, block)}};
  if (flops > 0) {
    j["specsweep"]["sweep_gflops"] = sweep_gflops;
    j["specsweep"]["sweep_fraction_of_dgemm"] = sweep_gflops / dgemm;
    j["specsweep"]["streamed_sweep_fraction_of_dgemm"] = flops / t_stream * 1e-9 / dgemm;
  }
  json ratios = {{"direct_over_specsweep", t_direct / t_ours}, {"slicot_over_specsweep", t_slicot / t_ours}};

  if (!a.numpy_script.empty()) {
    const NumpyRun nr = run_numpy(a, A, b, s, dsub);
    json np = nr.timings;
    if (nr.x.cols() == ref.cols()) {
      double diff = 0;
      for (Index c = 0; c < ref.cols(); ++c)
        diff = std::max(diff, (nr.x.col(c) - ref.col(c)).norm() / ref.col(c).norm());
      np["max_rel_diff_vs_direct"] = diff;
    }
    j["numpy_blog"] = np;
    if (np.contains("total_seconds"))
      ratios["numpy_over_specsweep"] = np["total_seconds"].get<double>() / t_ours;
  }
  j["ratios"] = ratios;
  const bool big = n >= 512;
  j["targets"] = {{"numpy_over_specsweep", big ? 1.2 : 1.5},
                  {"slicot_over_specsweep", big ? 10.0 : 30.0},
                  {"sweep_fraction_of_dgemm", 0.7}};
  j["peak_rss_mb"] = peak_rss_mb();
  return j;
}

json memory_check(const Args& a) {
  const Index n = a.n, k = a.shifts, p = a.rows;
  const MatrixXd A = gaussian(n, n, 1, 1.0 / std::sqrt(double(n)));
  const MatrixXcd B = gaussian(n, 1, 2, 1.0).cast<cplx>();
  const MatrixXcd C = gaussian(p, n, 5, 1.0).cast<cplx>();
  const std::vector<cplx> s = drude_shifts(k);
  Options o;
  o.expected_shifts = k;
  o.observe_rows = p;
  auto t0 = Clock::now();
  const Resolvent R(A, o);
  const double t_factor = seconds_since(t0);
  t0 = Clock::now();
  const SweepResult y = R.project(C, s, B);
  const double t_sweep = seconds_since(t0);
  const double rss = peak_rss_mb();
  return {{"memory_check", {{"n", n}, {"shifts", k}, {"observed_rows", p},
                            {"route", to_string(R.route())}, {"reason", R.reason()},
                            {"factor_seconds", t_factor}, {"sweep_seconds", t_sweep},
                            {"output_mb", double(y.data.size() * sizeof(cplx)) / 1048576.0},
                            {"peak_rss_mb", rss}, {"limit_mb", 1024}, {"within_limit", rss < 1024}}}};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse(argc, argv);
    std::cout << (a.memory_check ? memory_check(a) : bench_peers(a)).dump(2) << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_engine_vs_peers: " << e.what() << "\n";
    return 1;
  }
}
