"""The numbers behind the Insights tab."""
