"""Readers of the notice's forms: 申报表, 申报汇总表, field policy, the accepted list."""
