/**
 * The one input layer: every file or body a user writes (policy files, HPA manifests, explain scenarios, and next
 * the live config and API bodies) is read through it, with the same strictness and the same messages.
 *
 * <ul>
 *   <li>{@link io.capstan.app.input.InputFile} reads a file as UTF-8 through a bounded stream
 *       ({@link io.capstan.app.input.InputLimits}: 4 MiB by default, {@code --max-input-size} on the CLI through
 *       {@link io.capstan.app.input.InputSizeConverter}).</li>
 *   <li>{@link io.capstan.app.input.Tree} turns YAML or JSON text into located {@link io.capstan.app.input.Node}s
 *       (line, column, path such as {@code targets[0].policies[1].threshold.when}); a repeated key, an over-long YAML
 *       line or a syntax error is a problem; {@link io.capstan.app.input.Tree#single} makes a second document or
 *       trailing JSON an error.</li>
 *   <li>{@link io.capstan.app.input.Problem} is the one problem shape ({@code file:line:column: path: message}, with a
 *       severity: errors stop an input, warnings are printed); {@link io.capstan.app.input.Problems} collects them,
 *       and {@link io.capstan.app.input.InputException} carries them out of a reader that cannot go on.</li>
 *   <li>Keys are declared once, with type, default and doc: {@code Field.optional("staleAfter", type, default, doc)} or
 *       {@code Field.required(...)}; a {@link io.capstan.app.input.Schema} lists a map's fields, and
 *       {@code schema.open(node, problems)} gives {@link io.capstan.app.input.Fields}, having reported unknown keys
 *       (with did-you-mean) and missing required ones; {@code fields.get(FIELD)} reads a value once, reporting a
 *       wrong one at its line and column. {@link io.capstan.app.input.Types} has the value types (whole numbers and
 *       numbers with ranges, durations up to {@link io.capstan.app.input.Types#MAX_DURATION}, choices with
 *       did-you-mean, booleans, text, nested maps and lists); {@link io.capstan.app.input.Type#where} adds a check
 *       and {@link io.capstan.app.input.Type#map} a conversion.</li>
 * </ul>
 */
package io.capstan.app.input;
