//! The little linear algebra the distillation needs: a covariance matrix and the eigenvectors of
//! a symmetric matrix (cyclic Jacobi rotations; 384 × 384 converges in well under a second).

/// Column means and the covariance matrix (`dim × dim`, row-major) of `rows`.
pub(crate) fn mean_and_covariance(rows: &[Vec<f32>], dim: usize) -> (Vec<f64>, Vec<f64>) {
    let n = rows.len().max(1) as f64;
    let mut mean = vec![0.0f64; dim];
    for row in rows {
        for (m, x) in mean.iter_mut().zip(row) {
            *m += f64::from(*x);
        }
    }
    for m in &mut mean {
        *m /= n;
    }
    let mut cov = vec![0.0f64; dim * dim];
    let mut centred = vec![0.0f64; dim];
    for row in rows {
        for ((c, x), m) in centred.iter_mut().zip(row).zip(&mean) {
            *c = f64::from(*x) - m;
        }
        for i in 0..dim {
            let ci = centred[i];
            let line = &mut cov[i * dim..(i + 1) * dim];
            for (slot, cj) in line.iter_mut().zip(&centred).skip(i) {
                *slot += ci * cj;
            }
        }
    }
    for i in 0..dim {
        for j in i..dim {
            let value = cov[i * dim + j] / n;
            cov[i * dim + j] = value;
            cov[j * dim + i] = value;
        }
    }
    (mean, cov)
}

/// Eigenvalues and eigenvectors of the symmetric `dim × dim` matrix `a`, sorted by falling
/// eigenvalue; eigenvector `k` is `vectors[k]`.
pub(crate) fn symmetric_eigen(mut a: Vec<f64>, dim: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
    let mut v = vec![0.0f64; dim * dim];
    for i in 0..dim {
        v[i * dim + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..dim)
            .flat_map(|i| ((i + 1)..dim).map(move |j| (i, j)))
            .map(|(i, j)| a[i * dim + j] * a[i * dim + j])
            .sum();
        if off < 1e-22 {
            break;
        }
        for p in 0..dim {
            for q in (p + 1)..dim {
                let apq = a[p * dim + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let (app, aqq) = (a[p * dim + p], a[q * dim + q]);
                let theta = (aqq - app) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..dim {
                    let (akp, akq) = (a[k * dim + p], a[k * dim + q]);
                    a[k * dim + p] = c * akp - s * akq;
                    a[k * dim + q] = s * akp + c * akq;
                }
                for k in 0..dim {
                    let (apk, aqk) = (a[p * dim + k], a[q * dim + k]);
                    a[p * dim + k] = c * apk - s * aqk;
                    a[q * dim + k] = s * apk + c * aqk;
                }
                for k in 0..dim {
                    let (vkp, vkq) = (v[k * dim + p], v[k * dim + q]);
                    v[k * dim + p] = c * vkp - s * vkq;
                    v[k * dim + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..dim).collect();
    order.sort_by(|&x, &y| a[y * dim + y].total_cmp(&a[x * dim + x]));
    let values = order.iter().map(|&k| a[k * dim + k]).collect();
    let vectors = order.iter().map(|&k| (0..dim).map(|i| v[i * dim + k]).collect()).collect();
    (values, vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigen_of_a_known_matrix() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1) and (1, -1) over sqrt 2.
        let (values, vectors) = symmetric_eigen(vec![2.0, 1.0, 1.0, 2.0], 2);
        assert!((values[0] - 3.0).abs() < 1e-12 && (values[1] - 1.0).abs() < 1e-12);
        let h = std::f64::consts::FRAC_1_SQRT_2;
        assert!((vectors[0][0].abs() - h).abs() < 1e-12);
        assert!((vectors[0][0] - vectors[0][1]).abs() < 1e-12);
        assert!((vectors[1][0] + vectors[1][1]).abs() < 1e-12);
    }

    #[test]
    fn covariance_of_a_line() {
        let rows = vec![vec![0.0, 0.0], vec![1.0, 2.0], vec![2.0, 4.0]];
        let (mean, cov) = mean_and_covariance(&rows, 2);
        assert_eq!(mean, vec![1.0, 2.0]);
        let expected = [2.0 / 3.0, 4.0 / 3.0, 4.0 / 3.0, 8.0 / 3.0];
        for (got, want) in cov.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12);
        }
    }
}
