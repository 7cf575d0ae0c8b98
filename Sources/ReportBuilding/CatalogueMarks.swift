import Reporting
import TaskSuite

extension AbilityCatalogue {
    /// The catalogue's scale for `task` as a report shows it, or nil when no ability lists the task.
    public func scale(forTask task: String) -> CatalogueScale? {
        entry(forTask: task).map { CatalogueScale(ability: $0.ability, flops: $0.emergenceFlops) }
    }
}
