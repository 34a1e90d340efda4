import ArgumentParser
import HospitalModel

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the scenario format or of the results documents.",
        discussion: """
            The schemas follow JSON Schema draft 2020-12. Editors that speak the YAML language \
            server validate and complete a scenario while it is typed when its first line is \
            `# yaml-language-server: $schema=PATH`; copies are kept in docs/schema/.

            Example:
              simrun schema scenario -o scenario.schema.json
            """)

    enum Which: String, ExpressibleByArgument, CaseIterable {
        case scenario, results
    }

    @Argument(help: "Which schema: scenario or results.")
    var which: Which

    @Option(name: [.short, .customLong("output"), .customLong("out")], help: "Write the schema here instead of standard output.")
    var output: String?

    func run() throws {
        let document: JSONValue
        switch which {
        case .scenario: document = Schemas.scenario().document
        case .results: document = Schemas.results()
        }
        try Output.write(document.rendered() + "\n", to: output)
    }
}
