import CGLPK
import Foundation

/// An integer covering program, solved by GLPK's branch and cut:
///
///     minimise   sum_j cost_j x_j
///     subject to sum_j covers_hj x_j >= requirement_h   for every row h
///                lower_j <= x_j <= upper_j, x_j whole
///
/// Rows are the hours of a staffing period and columns the shifts that may be worked; covers_hj
/// is how many of shift j's hours fall on hour h (1, or more when a shift wraps round a short
/// period onto itself).
public struct CoveringProgram: Sendable {
    public struct Column: Sendable {
        public var cost: Double
        /// The rows it covers, each once for every time it covers it.
        public var rows: [Int]
        public var lower: Int
        /// Nil: no upper bound.
        public var upper: Int?

        public init(cost: Double, rows: [Int], lower: Int = 0, upper: Int? = nil) {
            self.cost = cost
            self.rows = rows
            self.lower = lower
            self.upper = upper
        }
    }

    public enum Status: String, Sendable {
        /// Proven optimal (to GLPK's integrality tolerance).
        case optimal
        /// The best found when the time limit ended the search; `bound` says how far it may be.
        case feasible = "time limit"
    }

    public struct Solution: Sendable {
        public var counts: [Int]
        public var cost: Double
        public var status: Status
        /// The best lower bound on the cost that the search proved.
        public var bound: Double
    }

    public enum Failure: Error, Sendable, Equatable {
        /// Rows that no allowed column mix can cover: (row, requirement, the most coverable).
        case uncoverable([(row: Int, required: Int, most: Int)])
        /// The bounds on the columns together cannot be met (minimums beyond maximums elsewhere).
        case infeasible
        /// GLPK stopped without an integer solution (its return code).
        case solverFailed(Int32)

        public static func == (a: Failure, b: Failure) -> Bool {
            switch (a, b) {
            case let (.uncoverable(x), .uncoverable(y)): x.map(\.row) == y.map(\.row) && x.map(\.required) == y.map(\.required) && x.map(\.most) == y.map(\.most)
            case (.infeasible, .infeasible): true
            case let (.solverFailed(x), .solverFailed(y)): x == y
            default: false
            }
        }
    }

    public var requirements: [Int]
    public var columns: [Column]

    public init(requirements: [Int], columns: [Column]) {
        self.requirements = requirements
        self.columns = columns
    }

    /// Rows whose requirement exceeds what every column at its upper bound would give.
    public var uncoverableRows: [(row: Int, required: Int, most: Int)] {
        var most = [Int?](repeating: 0, count: requirements.count)
        for column in columns {
            for h in column.rows where most[h] != nil {
                if let upper = column.upper { most[h]! += upper } else { most[h] = nil }
            }
        }
        return requirements.indices.compactMap { h in
            guard let m = most[h], m < requirements[h] else { return nil }
            return (h, requirements[h], m)
        }
    }

    /// Solves the program, searching for at most `timeLimit` seconds.
    public func solve(timeLimit: Double = 60) -> Result<Solution, Failure> {
        let short = uncoverableRows
        if !short.isEmpty { return .failure(.uncoverable(short)) }
        guard !columns.isEmpty else {
            return .success(Solution(counts: [], cost: 0, status: .optimal, bound: 0))
        }
        glp_term_out(GLP_OFF)
        let problem = glp_create_prob()
        defer { glp_delete_prob(problem) }
        glp_set_obj_dir(problem, GLP_MIN)
        glp_add_rows(problem, Int32(requirements.count))
        for (h, r) in requirements.enumerated() {
            glp_set_row_bnds(problem, Int32(h + 1), GLP_LO, Double(r), 0)
        }
        glp_add_cols(problem, Int32(columns.count))
        // GLPK's arrays count from 1: element 0 is a placeholder.
        var rowIndex: [Int32] = [0], columnIndex: [Int32] = [0], value: [Double] = [0]
        for (j, column) in columns.enumerated() {
            let c = Int32(j + 1)
            glp_set_col_kind(problem, c, GLP_IV)
            glp_set_obj_coef(problem, c, column.cost)
            if let upper = column.upper {
                glp_set_col_bnds(problem, c, upper == column.lower ? GLP_FX : GLP_DB, Double(column.lower), Double(upper))
            } else {
                glp_set_col_bnds(problem, c, GLP_LO, Double(column.lower), 0)
            }
            var times: [Int: Int] = [:]
            for h in column.rows { times[h, default: 0] += 1 }
            for (h, k) in times.sorted(by: { $0.key < $1.key }) {
                rowIndex.append(Int32(h + 1))
                columnIndex.append(c)
                value.append(Double(k))
            }
        }
        glp_load_matrix(problem, Int32(rowIndex.count - 1), &rowIndex, &columnIndex, &value)
        // The relaxation first: its optimum is the bound a stopped search can promise, and
        // branch and cut starts from its basis.
        var lp = glp_smcp()
        glp_init_smcp(&lp)
        lp.msg_lev = GLP_MSG_OFF
        let relaxed = glp_simplex(problem, &lp)
        guard relaxed == 0 else { return .failure(.solverFailed(relaxed)) }
        let lpStatus = glp_get_status(problem)
        if lpStatus == GLP_NOFEAS || lpStatus == GLP_INFEAS { return .failure(.infeasible) }
        guard lpStatus == GLP_OPT else { return .failure(.solverFailed(relaxed)) }
        let relaxation = glp_get_obj_val(problem)
        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.gmi_cuts = GLP_ON
        parameters.mir_cuts = GLP_ON
        parameters.cov_cuts = GLP_ON
        parameters.mip_gap = 0
        parameters.tm_lim = Int32(max(1, min(Double(Int32.max), timeLimit * 1000)))
        let code = glp_intopt(problem, &parameters)
        let status = glp_mip_status(problem)
        if status == GLP_NOFEAS { return .failure(.infeasible) }
        guard status == GLP_OPT || status == GLP_FEAS else { return .failure(.solverFailed(code)) }
        let counts = columns.indices.map { Int(glp_mip_col_val(problem, Int32($0 + 1)).rounded()) }
        let cost = zip(counts, columns).reduce(0.0) { $0 + Double($1.0) * $1.1.cost }
        let optimal = status == GLP_OPT && code == 0
        let bound = optimal ? cost : relaxation
        return .success(Solution(counts: counts, cost: cost, status: optimal ? .optimal : .feasible, bound: bound))
    }
}
