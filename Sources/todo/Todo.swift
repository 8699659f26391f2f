import ArgumentParser

@main
struct Todo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "todo",
        abstract: "AI todo chatbot platform on virtual actors.",
        subcommands: [ServeCommand.self, ParseCommand.self, RRuleCommand.self, BenchCommand.self, MCPCommand.self]
    )
}
