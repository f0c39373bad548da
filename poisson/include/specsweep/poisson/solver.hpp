#pragma once
// -Laplace(u) = f on the unit square, n_x x n_y intervals, discretised as
//   T_x U + U T_y = G,   U_ij = u(x_i, y_j),  G_ij = f(x_i, y_j),
// and solved by diagonalise-divide-transform:
//   G~ = Q_x^T G Q_y,   u~_ij = g~_ij / (lambda_i + mu_j),   U = Q_x U~ Q_y^T.
// The transforms are pluggable: local dgemm (blas), SUMMA over MPI (summa), or FFTW's DST-I
// (dst, uniform Dirichlet only). Accuracy: the transforms are orthogonal, so the algebraic
// error is a few ulps times cond(T_x (+) T_y) ~ (n/pi)^2 relative; the discretisation error is
// O(h^2). Neumann: T_x (+) T_y is singular (constants); the mean of f is removed (the
// compatibility condition) and the zero-mean solution is returned. docs/design.md#poisson
// Costs are for N_x x N_y unknowns; every entry point throws Error (kind Input) with a one-line
// message on a bad argument, and Runtime for an environment problem (MPI layout, stevd).
#include <string>

#include "specsweep/poisson/distributed_matrix.hpp"
#include "specsweep/poisson/spectrum.hpp"

namespace specsweep::poisson {

/// Where the transforms run: local dgemm, SUMMA over MPI, or FFTW's DST-I.
enum class Backend { Blas, Summa, Dst };
Backend parse_backend(const std::string& name);  ///< "blas" | "summa" | "dst", else Error (Input)
Boundary parse_boundary(const std::string& name);  ///< "dirichlet" | "neumann", else Error (Input)
const char* to_string(Backend b);  ///< the name parse_backend accepts
const char* to_string(Boundary b);  ///< the name parse_boundary accepts

struct PoissonProblem {
  Index nx = 0, ny = 0;  ///< intervals along x and y
  Boundary bc = Boundary::Dirichlet;
  Index rows() const { return unknowns(nx, bc); }  ///< N_x: unknowns along x
  Index cols() const { return unknowns(ny, bc); }  ///< N_y: unknowns along y
};
/// @throws Error (kind Input) unless nx, ny >= 2
void validate(const PoissonProblem& p);

struct PoissonTimings {
  double transform = 0, divide = 0, total = 0;  ///< seconds
  double transform_flops = 0;                   ///< flops of the transforms actually run
};

/// The manufactured solution used by default: u = sin(pi x) sin(pi y), f = 2 pi^2 u for
/// Dirichlet; u = cos(pi x) cos(pi y) (zero mean, zero flux), f = 2 pi^2 u for Neumann.
double manufactured_u(double x, double y, Boundary bc);
double manufactured_f(double x, double y, Boundary bc);

/// Solves on one process with the blas or dst backend.
/// @param F  f at the unknowns, N_x x N_y (p.rows() x p.cols())
/// @param timings  if given, receives the phase times and the transforms' flop count
/// @return U, N_x x N_y
/// @throws Error (kind Input) for a bad p, a shape mismatch or dst with Neumann; kind Runtime
///         if stevd fails (Neumann); kind Internal for backend summa (a caller's bug)
/// Cost: blas 4 N_x N_y (N_x + N_y) flops plus the O(N^2) bases, memory a few N_x N_y plus
/// N_x^2 + N_y^2; dst O(N_x N_y log(N_x N_y)), memory one FFTW buffer of N_x N_y.
MatrixXd solve_local(const PoissonProblem& p, Backend backend, const MatrixXd& F,
                     PoissonTimings* timings = nullptr);

/// Solves with SUMMA; F and the result are block-cyclic per plan. Collective over grid.
/// @param plan  from plan_for(p, grid.size())
/// @param F     N_x x N_y, distributed per plan
/// @throws Error (kind Input) for a bad p or a shape mismatch, as solve_local
/// Cost per rank: 4 SUMMA products, 4 N_x N_y (N_x + N_y)/P flops, and the words each product
/// receives (summa.hpp: 2 N^2/sqrt(P) for square N and grid); memory a few local blocks plus
/// the four distributed bases (a Neumann basis is computed whole on every rank, O(N^2)).
DistributedMatrix solve_summa(const PoissonProblem& p, const DistributionPlan& plan,
                              const ProcessGrid& grid, const DistributedMatrix& F,
                              PoissonTimings* timings = nullptr);

/// The plan for solving p on `ranks` processes: the MPI_Dims_create grid (more process rows on
/// the longer side of the unknowns), the block capped so every process row and column holds a
/// block, the panel capped at the block. Needs MPI initialised.
/// @throws Error (kind Runtime) when a process would hold no unknowns (more process rows than
///         N_x or columns than N_y) or MPI is not initialised; Error (kind Input) for a bad p
DistributionPlan plan_for(const PoissonProblem& p, int ranks);

/// u~_ij /= (lambda[i] + mu[j]) with a zero sum (the Neumann null mode) giving 0: the divide
/// step, on a whole matrix or a local block with its own lambda/mu entries.
/// @param lambda, mu  at least G.rows() and G.cols() entries (not checked). O(size of G).
void divide_by_eigenvalue_sums(MatrixXd& G, const VectorXd& lambda, const VectorXd& mu);

}  // namespace specsweep::poisson
