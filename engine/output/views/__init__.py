"""Views: each kind of result in a presentation-neutral form (values, labels, words), read by
every writer — the terminal (rich), JSON, the Word report, the chart. No view imports a writer."""
