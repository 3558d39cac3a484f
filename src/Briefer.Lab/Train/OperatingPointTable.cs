using System.Globalization;
using Briefer.Core.Answering;

namespace Briefer.Cli.Train;

/// <summary>Prints the answer confidence's held-out operating points: per set, threshold → posted, wrong of posted, answerable answered right.</summary>
internal static class OperatingPointTable
{
    public static void Write(TextWriter o, ConfidenceCalibrationInfo calibration)
    {
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"answer confidence, held out (each set's confidences from a calibration fitted without it): automatic threshold {calibration.AutoThreshold:F2}, the lowest with at most {calibration.TargetWrong:P0} of the documentation sets' posted answers wrong at it and above"));
        o.WriteLine($"  fitted on {calibration.FittedOn}{(calibration.Compared.Length == 0 ? string.Empty : $" ({calibration.Compared})")}");
        foreach (var set in calibration.OperatingPoints.GroupBy(p => p.Set))
        {
            o.WriteLine($"  {set.Key}");
            o.WriteLine("    confidence  posted  wrong  wrong-of-posted  answerable-answered-right");
            foreach (var p in set.OrderBy(p => p.Threshold))
            {
                var mark = p.Threshold == calibration.AutoThreshold ? "  <- default" : string.Empty;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {p.Threshold,10:F2} {p.Posted,7} {p.Wrong,6} {p.WrongShare,16:P1} {p.PostedRight,8}/{p.Answerable} ({p.AnsweredShare:P1}){mark}"));
            }
        }
    }
}
