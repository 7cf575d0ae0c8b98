// OpenBLAS's CBLAS interface plus the few LAPACK routines emerge calls.
// Debian ships LAPACK inside libopenblas but no LAPACKE header, so the
// Fortran entry points are declared here (column-major, arguments by pointer).
#include <cblas.h>

void dgesv_(const int *n, const int *nrhs, double *a, const int *lda,
            int *ipiv, double *b, const int *ldb, int *info);
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a,
            const int *lda, double *b, const int *ldb, int *info);
