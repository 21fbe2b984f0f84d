package dev.dsmq.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: columns as wide as their widest cell, two spaces apart, numbers aligned right.
 */
final class Table {

	private final List<String[]> rows = new ArrayList<>();

	private final boolean[] rightAligned;

	/**
	 * @param headings the column headings; a heading ending in {@code >} aligns its column right (the {@code >} is
	 * not shown)
	 */
	Table(String... headings) {
		this.rightAligned = new boolean[headings.length];
		String[] shown = new String[headings.length];
		for (int i = 0; i < headings.length; i++) {
			this.rightAligned[i] = headings[i].endsWith(">");
			shown[i] = this.rightAligned[i] ? headings[i].substring(0, headings[i].length() - 1) : headings[i];
		}
		this.rows.add(shown);
	}

	void add(String... cells) {
		if (cells.length != this.rightAligned.length) {
			throw new IllegalArgumentException(cells.length + " cells for " + this.rightAligned.length + " columns");
		}
		this.rows.add(cells);
	}

	void print(PrintWriter out) {
		int[] widths = new int[this.rightAligned.length];
		for (String[] row : this.rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		for (String[] row : this.rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.length; i++) {
				if (i > 0) {
					line.append("  ");
				}
				String padding = " ".repeat(widths[i] - row[i].length());
				boolean last = i == row.length - 1;
				line.append(this.rightAligned[i] ? padding + row[i] : row[i] + (last ? "" : padding));
			}
			out.println(line);
		}
	}

}
