#pragma once
// -Laplace(u) = f on the unit square, n_x x n_y intervals, discretised as
//   T_x U + U T_y = G,   U_ij = u(x_i, y_j),  G_ij = f(x_i, y_j),
// and solved by diagonalise-divide-transform:
//   G~ = Q_x^T G Q_y,   u~_ij = g~_ij / (lambda_i + mu_j),   U = Q_x U~ Q_y^T.
// The transforms are pluggable: local dgemm (blas), SUMMA over MPI (summa), or FFTW's DST-I
// (dst, uniform Dirichlet only). Accuracy: the transforms are orthogonal, so the algebraic
// error is a few ulps times cond(T_x (+) T_y) ~ (n/pi)^2 relative; the discretisation error is
// O(h^2). Neumann: T_x (+) T_y is singular (constants); the mean of f is removed (the
// compatibility condition) and the zero-mean solution is returned.
#include <string>

#include "specsweep/poisson/distributed_matrix.hpp"
#include "specsweep/poisson/spectrum.hpp"

namespace specsweep::poisson {

enum class Backend { Blas, Summa, Dst };
Backend parse_backend(const std::string& name);  ///< "blas" | "summa" | "dst", else Error
Boundary parse_boundary(const std::string& name);  ///< "dirichlet" | "neumann", else Error
const char* to_string(Backend b);
const char* to_string(Boundary b);

struct PoissonProblem {
  Index nx = 0, ny = 0;  ///< intervals along x and y
  Boundary bc = Boundary::Dirichlet;
  Index rows() const { return unknowns(nx, bc); }  ///< N_x: unknowns along x
  Index cols() const { return unknowns(ny, bc); }  ///< N_y: unknowns along y
};
/// Throws Error unless nx, ny >= 2.
void validate(const PoissonProblem& p);

struct PoissonTimings {
  double transform = 0, divide = 0, total = 0;  ///< seconds
  double transform_flops = 0;                   ///< flops of the transforms actually run
};

/// The manufactured solution used by default: u = sin(pi x) sin(pi y), f = 2 pi^2 u for
/// Dirichlet; u = cos(pi x) cos(pi y) (zero mean, zero flux), f = 2 pi^2 u for Neumann.
double manufactured_u(double x, double y, Boundary bc);
double manufactured_f(double x, double y, Boundary bc);

/// Solves on one process with the blas or dst backend; F is N_x x N_y.
MatrixXd solve_local(const PoissonProblem& p, Backend backend, const MatrixXd& F,
                     PoissonTimings* timings = nullptr);

/// Solves with SUMMA; F and the result are block-cyclic per plan. Collective over grid.
DistributedMatrix solve_summa(const PoissonProblem& p, const DistributionPlan& plan,
                              const ProcessGrid& grid, const DistributedMatrix& F,
                              PoissonTimings* timings = nullptr);

/// The plan for solving p on `ranks` processes; throws Error when a process would hold no
/// unknowns (more process rows than N_x or columns than N_y).
DistributionPlan plan_for(const PoissonProblem& p, int ranks);

/// u~_ij /= (lambda[i] + mu[j]) with a zero sum (the Neumann null mode) giving 0: the divide
/// step, on a whole matrix or a local block with its own lambda/mu entries.
void divide_by_eigenvalue_sums(MatrixXd& G, const VectorXd& lambda, const VectorXd& mu);

}  // namespace specsweep::poisson
