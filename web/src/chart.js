// The group activity chart (ECharts, canvas renderer; only the parts we use are bundled).
import * as echarts from 'echarts/core';
import { LineChart, BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export function activityChart(container, days, labels) {
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 4, data: [labels.messages, labels.speakers, labels.joins] },
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: days.map((d) => d.day) },
    yAxis: { type: 'value' },
    series: [
      { name: labels.messages, type: 'bar', data: days.map((d) => d.messages) },
      { name: labels.speakers, type: 'line', data: days.map((d) => d.speakers) },
      { name: labels.joins, type: 'line', data: days.map((d) => d.joins) },
    ],
  });
  return chart;
}
