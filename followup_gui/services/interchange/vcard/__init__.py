"""vCard (.vcf) import and export of contacts."""
